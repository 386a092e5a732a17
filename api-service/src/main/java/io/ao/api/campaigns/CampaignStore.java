package io.ao.api.campaigns;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.redis.IndependentRequests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Campaigns: a document per campaign, a listing by creation time, and counters updated with HINCRBY
 * in one script (so concurrent increments never lose one). The document and its counters share a
 * hash tag.
 */
public final class CampaignStore {

  static final List<String> COUNTERS =
      List.of("sent", "delivered", "opened", "clicked", "converted", "bounced");
  private static final LuaScript ADD =
      LuaScript.fromClasspath("/io/ao/api/campaigns/metrics_add.lua");

  private final Redis redis;
  private final String prefix;

  public CampaignStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  public Future<Void> create(JsonObject doc) {
    String id = doc.getString("id");
    return IndependentRequests.send(
            redis,
            List.of(
                Request.cmd(Command.SET).arg(campaign(id)).arg(doc.encode()),
                Request.cmd(Command.ZADD).arg(listing()).arg(doc.getLong("created_at")).arg(id)))
        .mapEmpty();
  }

  public Future<JsonObject> get(String id) {
    return redis
        .send(Request.cmd(Command.GET).arg(campaign(id)))
        .map(reply -> reply == null ? null : new JsonObject(reply.toString()));
  }

  /** Newest first from position {@code fromRank}. */
  public Future<List<JsonObject>> newestFrom(long fromRank, int count) {
    return redis
        .send(Request.cmd(Command.ZREVRANGE).arg(listing()).arg(fromRank).arg(fromRank + count - 1))
        .compose(
            ids -> {
              if (ids.size() == 0) {
                return Future.succeededFuture(List.of());
              }
              List<Request> reads = new ArrayList<>();
              ids.forEach(id -> reads.add(Request.cmd(Command.GET).arg(campaign(id.toString()))));
              return IndependentRequests.send(redis, reads)
                  .map(
                      docs -> {
                        List<JsonObject> campaigns = new ArrayList<>();
                        docs.forEach(
                            doc -> {
                              if (doc != null) {
                                campaigns.add(new JsonObject(doc.toString()));
                              }
                            });
                        return campaigns;
                      });
            });
  }

  public Future<Long> rankOf(String id) {
    return redis
        .send(Request.cmd(Command.ZREVRANK).arg(listing()).arg(id))
        .map(r -> r == null ? null : r.toLong());
  }

  /** Adds the increments; completes with the totals, or null when there is no such campaign. */
  public Future<JsonObject> addMetrics(String id, Map<String, Long> increments) {
    List<String> args = new ArrayList<>();
    increments.forEach(
        (name, value) -> {
          args.add(name);
          args.add(Long.toString(value));
        });
    return ADD.run(redis, List.of(campaign(id), metrics(id)), args).map(this::totals);
  }

  public Future<JsonObject> metricsOf(String id) {
    return redis.send(Request.cmd(Command.HGETALL).arg(metrics(id))).map(this::totals);
  }

  private JsonObject totals(Response reply) {
    if (reply == null) {
      return null;
    }
    JsonObject totals = new JsonObject();
    COUNTERS.forEach(name -> totals.put(name, 0L));
    if (!reply.getKeys().isEmpty()) {
      reply.getKeys().forEach(key -> totals.put(key, reply.get(key).toLong()));
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        totals.put(reply.get(i).toString(), reply.get(i + 1).toLong());
      }
    }
    return totals;
  }

  private String campaign(String id) {
    return prefix + ":campaign:{" + id + "}";
  }

  private String metrics(String id) {
    return prefix + ":campaign:{" + id + "}:metrics";
  }

  private String listing() {
    return prefix + ":campaigns";
  }
}
