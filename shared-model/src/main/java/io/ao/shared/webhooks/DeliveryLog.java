package io.ao.shared.webhooks;

import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * A subscription's delivery log: each attempt (event id, event, attempt, status code, error, time),
 * newest first, capped at {@code webhooks.deliveries_kept}. The worker records; the API reads.
 */
public final class DeliveryLog {

  private static final LuaScript RECORD =
      LuaScript.fromClasspath("/io/ao/shared/webhooks/delivery_record.lua");

  private final Redis redis;
  private final WebhookKeys keys;
  private final int kept;

  public DeliveryLog(Redis redis, WebhookKeys keys, int kept) {
    this.redis = redis;
    this.keys = keys;
    this.kept = kept;
  }

  public Future<Void> record(String subscription, JsonObject attempt) {
    return RECORD
        .run(
            redis,
            List.of(keys.deliveries(subscription)),
            List.of(attempt.encode(), Integer.toString(kept)))
        .mapEmpty();
  }

  /** The newest {@code limit} attempts. */
  public Future<JsonArray> newest(String subscription, int limit) {
    return redis
        .send(Request.cmd(Command.LRANGE).arg(keys.deliveries(subscription)).arg(0).arg(limit - 1))
        .map(
            reply -> {
              JsonArray items = new JsonArray();
              if (reply != null) {
                for (Response entry : reply) {
                  items.add(new JsonObject(entry.toString()));
                }
              }
              return items;
            });
  }
}
