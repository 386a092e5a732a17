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
 * Campaigns: a JSON document per campaign (with its version, the ETag), a listing by creation time,
 * and counters updated with HINCRBY in one script (so concurrent increments never lose one). The
 * document and its counters share a hash tag, so a change or a delete of both is one script; the
 * listing is one sorted set on another slot, written by a command of its own.
 */
public final class CampaignStore {

  static final List<String> COUNTERS =
      List.of("sent", "delivered", "opened", "clicked", "converted", "bounced");
  private static final LuaScript ADD =
      LuaScript.fromClasspath("/io/ao/api/campaigns/metrics_add.lua");
  private static final LuaScript UPDATE =
      LuaScript.fromClasspath("/io/ao/api/campaigns/campaign_update.lua");
  private static final LuaScript DELETE =
      LuaScript.fromClasspath("/io/ao/api/campaigns/campaign_delete.lua");

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

  /** The campaign's document with its version; null when there is none. */
  public Future<JsonObject> get(String id) {
    return redis.send(Request.cmd(Command.GET).arg(campaign(id))).map(CampaignStore::document);
  }

  /** A listed id and its campaign's document, null when the campaign is gone. */
  public record Listed(String id, JsonObject doc) {}

  /** Newest first from position {@code fromRank}. */
  public Future<List<Listed>> newestFrom(long fromRank, int count) {
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
                        List<Listed> campaigns = new ArrayList<>();
                        for (int i = 0; i < docs.size(); i++) {
                          campaigns.add(new Listed(ids.get(i).toString(), document(docs.get(i))));
                        }
                        return campaigns;
                      });
            });
  }

  /**
   * Stores {@code doc} (it carries version {@code expectedVersion + 1}) when the campaign is still
   * at {@code expectedVersion}.
   */
  public Future<ChangeOutcome> replace(String id, long expectedVersion, JsonObject doc) {
    return UPDATE
        .run(redis, List.of(campaign(id)), List.of(Long.toString(expectedVersion), doc.encode()))
        .map(ChangeOutcome::fromReply);
  }

  /**
   * Deletes the campaign and its counters (at {@code expectedVersion} when not null), then takes
   * its id off the listing. The listing lives on another slot: a crash between the two leaves a
   * listed id without a document, which the listing skips and a repeated delete removes.
   */
  public Future<ChangeOutcome> delete(String id, Long expectedVersion) {
    return DELETE
        .run(
            redis,
            List.of(campaign(id), metrics(id)),
            List.of(expectedVersion == null ? "" : Long.toString(expectedVersion)))
        .map(ChangeOutcome::fromReply)
        .compose(
            outcome ->
                outcome.result() == ChangeOutcome.Result.VERSION
                    ? Future.succeededFuture(outcome)
                    : redis.send(Request.cmd(Command.ZREM).arg(listing()).arg(id)).map(outcome));
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

  /** A stored document; one written before campaigns had versions is at version 1. */
  private static JsonObject document(Response reply) {
    if (reply == null) {
      return null;
    }
    JsonObject doc = new JsonObject(reply.toString());
    if (!doc.containsKey("version")) {
      doc.put("version", 1L);
    }
    return doc;
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
