package io.ao.api.intake;

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
import java.util.Objects;

/**
 * Intake sources in Redis: a hash each with its document (name, mapping, description, created_at,
 * created_by) and its secret, kept as it is (verifying an HMAC needs the secret itself), and a
 * listing by creation. Create and delete are one script each.
 */
final class IntakeSources {

  private static final LuaScript CREATE =
      LuaScript.fromClasspath("/io/ao/api/intake/source_create.lua");
  private static final LuaScript DELETE =
      LuaScript.fromClasspath("/io/ao/api/intake/source_delete.lua");

  /** A stored source: its document and its secret. */
  record Source(JsonObject doc, String secret) {}

  private final Redis redis;
  private final WebhookKeys keys;

  IntakeSources(Redis redis, WebhookKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  Future<Boolean> create(JsonObject doc, String secret) {
    String name = doc.getString("name");
    return CREATE
        .run(
            redis,
            List.of(keys.intakeSource(name), keys.intakeSources()),
            List.of(name, Long.toString(doc.getLong("created_at")), doc.encode(), secret))
        .map(reply -> reply.toInteger() == 1);
  }

  /** The source, or null when there is none. */
  Future<Source> get(String name) {
    return redis
        .send(Request.cmd(Command.HMGET).arg(keys.intakeSource(name)).arg("doc").arg("secret"))
        .map(
            reply ->
                reply == null || reply.get(0) == null || reply.get(1) == null
                    ? null
                    : new Source(new JsonObject(reply.get(0).toString()), reply.get(1).toString()));
  }

  Future<Boolean> delete(String name) {
    return DELETE
        .run(redis, List.of(keys.intakeSource(name), keys.intakeSources()), List.of(name))
        .map(reply -> reply.toInteger() == 1);
  }

  Future<Long> rankOf(String name) {
    return redis
        .send(Request.cmd(Command.ZREVRANK).arg(keys.intakeSources()).arg(name))
        .map(reply -> reply == null ? null : reply.toLong());
  }

  /** Up to {@code count} sources from {@code fromRank}, newest first (documents only). */
  Future<List<JsonObject>> newestFrom(long fromRank, int count) {
    return redis
        .send(
            Request.cmd(Command.ZREVRANGE)
                .arg(keys.intakeSources())
                .arg(fromRank)
                .arg(fromRank + count - 1))
        .compose(
            names -> {
              List<Future<Source>> sources = new ArrayList<>();
              for (Response name : names) {
                sources.add(get(name.toString()));
              }
              return Future.all(sources)
                  .map(
                      all ->
                          all.<Source>list().stream()
                              .filter(Objects::nonNull)
                              .map(Source::doc)
                              .toList());
            });
  }

  /**
   * Claims a source's message id until {@code ttlSeconds} from now (SET NX EX, so every API
   * instance sees the claim); false when it was claimed before: a replay.
   */
  Future<Boolean> claim(String source, String messageId, long ttlSeconds) {
    return redis
        .send(
            Request.cmd(Command.SET)
                .arg(keys.intakeSeen(source, messageId))
                .arg("1")
                .arg("NX")
                .arg("EX")
                .arg(ttlSeconds))
        .map(Objects::nonNull);
  }

  /** Gives a claim back: the message was not stored, so the sender's retry must get through. */
  Future<Void> release(String source, String messageId) {
    return redis.send(Request.cmd(Command.DEL).arg(keys.intakeSeen(source, messageId))).mapEmpty();
  }
}
