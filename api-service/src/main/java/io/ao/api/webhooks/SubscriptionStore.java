package io.ao.api.webhooks;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.webhooks.WebhookKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook subscriptions in Redis: a hash each (its secret kept as it is: the worker needs it to
 * compute HMACs), a listing by creation, and one set per event naming its subscribers, which the
 * lead and run scripts read to enqueue deliveries. Create and delete are one script each.
 */
final class SubscriptionStore {

  private static final LuaScript CREATE =
      LuaScript.fromClasspath("/io/ao/api/webhooks/subscription_create.lua");
  private static final LuaScript DELETE =
      LuaScript.fromClasspath("/io/ao/api/webhooks/subscription_delete.lua");

  private final Redis redis;
  private final WebhookKeys keys;

  SubscriptionStore(Redis redis, WebhookKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /**
   * Stores {@code subscription} (id, url, events, description, created_at, created_by) and its
   * secret; false when the id is taken.
   */
  Future<Boolean> create(JsonObject subscription, String secret, int maxAttempts) {
    String id = subscription.getString("id");
    List<String> args = new ArrayList<>();
    args.add(id);
    args.add(Long.toString(subscription.getLong("created_at")));
    args.add(subscription.getJsonArray("events").encode());
    args.add(keys.slotPrefix());
    args.add("doc");
    args.add(subscription.encode());
    args.add("url");
    args.add(subscription.getString("url"));
    args.add("events");
    args.add(subscription.getJsonArray("events").encode());
    args.add("secret");
    args.add(secret);
    args.add("max_attempts");
    args.add(Integer.toString(maxAttempts));
    return CREATE
        .run(redis, List.of(keys.subscription(id), keys.subscriptions()), args)
        .map(reply -> reply.toInteger() == 1);
  }

  /** The subscription's document (never its secret); null when there is none. */
  Future<JsonObject> get(String id) {
    return redis
        .send(Request.cmd(Command.HGET).arg(keys.subscription(id)).arg("doc"))
        .map(reply -> reply == null ? null : new JsonObject(reply.toString()));
  }

  Future<Boolean> delete(String id) {
    return DELETE
        .run(
            redis,
            List.of(keys.subscription(id), keys.subscriptions(), keys.deliveries(id)),
            List.of(id, keys.slotPrefix()))
        .map(reply -> reply.toInteger() == 1);
  }

  Future<Long> rankOf(String id) {
    return redis
        .send(Request.cmd(Command.ZREVRANK).arg(keys.subscriptions()).arg(id))
        .map(reply -> reply == null ? null : reply.toLong());
  }

  /** Up to {@code count} listed ids from {@code fromRank}, newest first, with their documents. */
  Future<List<JsonObject>> newestFrom(long fromRank, int count) {
    return redis
        .send(
            Request.cmd(Command.ZREVRANGE)
                .arg(keys.subscriptions())
                .arg(fromRank)
                .arg(fromRank + count - 1))
        .compose(
            ids -> {
              List<Future<JsonObject>> docs = new ArrayList<>();
              for (Response id : ids) {
                String text = id.toString();
                docs.add(get(text));
              }
              return Future.all(docs)
                  .map(
                      all ->
                          all.<JsonObject>list().stream()
                              .filter(java.util.Objects::nonNull)
                              .toList());
            });
  }
}
