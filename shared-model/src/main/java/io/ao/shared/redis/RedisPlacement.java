package io.ao.shared.redis;

import io.ao.shared.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the services' writes go, for health: the role of the node the client reaches (ROLE) and, in
 * sentinel mode, the master the Sentinels name (SENTINEL GET-MASTER-ADDR-BY-NAME, asked of each
 * Sentinel in turn until one answers). Probed on a timer by the caller, never per request.
 */
public final class RedisPlacement {

  /** What the last probe saw; {@code masterAddress} empty when no Sentinel named a master. */
  public record Seen(String mode, String role, String masterAddress, String masterName) {
    static final Seen UNKNOWN = new Seen("", "", "", "");

    /**
     * In sentinel mode, writes can go somewhere: a Sentinel names a master and the node reached
     * answers ROLE as one. Other modes are not gated on ROLE (a PING decides, as before; some
     * managed Redis services restrict commands), the role is only shown.
     */
    public boolean hasMaster() {
      if (!RedisConfig.SENTINEL.equals(mode)) {
        return true;
      }
      return "master".equals(role) && !masterAddress.isEmpty();
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject().put("mode", mode).put("role", role.isEmpty() ? "unknown" : role);
      if (RedisConfig.SENTINEL.equals(mode)) {
        json.put("master_name", masterName);
        if (!masterAddress.isEmpty()) {
          json.put("master", masterAddress);
        }
      }
      return json;
    }
  }

  private final Redis redis;
  private final RedisConfig config;
  private final List<Redis> sentinels = new ArrayList<>();
  private volatile Seen seen;

  public RedisPlacement(Vertx vertx, Redis redis, RedisConfig config) {
    this.redis = redis;
    this.config = config;
    this.seen = new Seen(config.mode(), "", "", config.sentinel() ? config.masterName() : "");
    if (config.sentinel()) {
      for (String url : config.sentinels()) {
        RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(1);
        if (!config.sentinelPassword().isEmpty()) {
          options.setPassword(config.sentinelPassword());
        }
        sentinels.add(Redis.createClient(vertx, options));
      }
    }
  }

  public Seen seen() {
    return seen;
  }

  /** Asks once; completes with what it saw (never fails: an unreachable node is "unknown"). */
  public Future<Seen> probe(long timeoutMs) {
    Future<String> role =
        redis
            .send(Request.cmd(Command.ROLE))
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .map(reply -> reply.get(0).toString())
            .otherwise("");
    Future<String> master =
        config.sentinel() ? askSentinel(0, timeoutMs) : Future.succeededFuture("");
    return Future.join(role, master)
        .transform(
            done -> {
              Seen now =
                  new Seen(
                      config.mode(),
                      role.result(),
                      master.result(),
                      config.sentinel() ? config.masterName() : "");
              seen = now;
              return Future.succeededFuture(now);
            });
  }

  private Future<String> askSentinel(int index, long timeoutMs) {
    if (index >= sentinels.size()) {
      return Future.succeededFuture("");
    }
    return sentinels
        .get(index)
        .send(Request.cmd(Command.SENTINEL).arg("GET-MASTER-ADDR-BY-NAME").arg(config.masterName()))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(RedisPlacement::address)
        .recover(failure -> Future.succeededFuture(""))
        .compose(
            address ->
                address.isEmpty()
                    ? askSentinel(index + 1, timeoutMs)
                    : Future.succeededFuture(address));
  }

  private static String address(Response reply) {
    if (reply == null || reply.size() != 2) {
      return "";
    }
    return reply.get(0).toString() + ":" + reply.get(1).toString();
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    sentinels.forEach(client -> closing.add(client.close()));
    return Future.join(new ArrayList<>(closing)).mapEmpty();
  }
}
