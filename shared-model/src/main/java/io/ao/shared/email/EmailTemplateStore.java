package io.ao.shared.email;

import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Email templates in Redis, one hash field each ({"subject", "text", "html"?, "updated_at"}): the
 * API writes them, the worker's email step reads the one it sends at send time, so a template PUT
 * applies to the next email. The configuration's {@code email.templates} seed them at start, never
 * over one that exists.
 */
public final class EmailTemplateStore {

  private final Redis redis;
  private final String key;

  public EmailTemplateStore(Redis redis, WorkflowKeys keys) {
    this.redis = redis;
    this.key = keys.emailTemplates();
  }

  public Future<Void> put(String name, JsonObject template) {
    return redis
        .send(Request.cmd(Command.HSET).arg(key).arg(name).arg(template.encode()))
        .mapEmpty();
  }

  /** The template, or null when there is none of that name. */
  public Future<JsonObject> get(String name) {
    return redis
        .send(Request.cmd(Command.HGET).arg(key).arg(name))
        .map(reply -> reply == null ? null : new JsonObject(reply.toString()));
  }

  /** Every template by name. */
  public Future<Map<String, JsonObject>> all() {
    return redis
        .send(Request.cmd(Command.HGETALL).arg(key))
        .map(
            hash -> {
              Map<String, JsonObject> templates = new TreeMap<>();
              if (hash != null) {
                for (String name : hash.getKeys()) {
                  templates.put(name, new JsonObject(hash.get(name).toString()));
                }
              }
              return templates;
            });
  }

  /** Seeds {@code configured} (name → template); completes with the names that were new. */
  public Future<List<String>> seed(JsonObject configured, long now) {
    List<String> names = new ArrayList<>(configured.fieldNames());
    List<Future<Response>> writes = new ArrayList<>();
    for (String name : names) {
      JsonObject template = configured.getJsonObject(name).copy().put("updated_at", now);
      writes.add(redis.send(Request.cmd(Command.HSETNX).arg(key).arg(name).arg(template.encode())));
    }
    return Future.all(new ArrayList<>(writes))
        .map(
            done -> {
              List<String> seeded = new ArrayList<>();
              for (int i = 0; i < names.size(); i++) {
                if (writes.get(i).result().toInteger() == 1) {
                  seeded.add(names.get(i));
                }
              }
              return seeded;
            });
  }
}
