package io.ao.shared.workflows.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's hash as read (workflow_lib.lua writes it): what it runs, where it is, and the state of
 * each step it entered. A run written before the engine has no {@code current} step: its task's
 * success is recorded alone and the run goes no further (RunAdvancer).
 */
public record RunSnapshot(
    String id,
    String workflow,
    int version,
    String leadId,
    String status,
    String current,
    String seq,
    String resumed,
    Map<String, JsonObject> steps,
    JsonArray path,
    Map<String, String> fields) {

  /** The run from its HGETALL reply; null when there is no such run. */
  public static RunSnapshot from(Response hash) {
    if (hash == null || hash.size() == 0) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    hash.getKeys().forEach(key -> fields.put(key, hash.get(key).toString()));
    return from(fields);
  }

  public static RunSnapshot from(Map<String, String> fields) {
    Map<String, JsonObject> steps = new LinkedHashMap<>();
    fields.forEach(
        (name, value) -> {
          if (name.startsWith("s:")) {
            steps.put(name.substring(2), new JsonObject(value));
          }
        });
    String path = fields.getOrDefault("path", "[]");
    return new RunSnapshot(
        fields.get("id"),
        fields.get("workflow"),
        Integer.parseInt(fields.getOrDefault("version", "1")),
        fields.getOrDefault("lead_id", ""),
        fields.getOrDefault("status", "running"),
        fields.getOrDefault("current", ""),
        fields.getOrDefault("seq", "0"),
        fields.getOrDefault("resumed", ""),
        steps,
        // Lua's cjson writes an empty list as {}
        path.startsWith("[") ? new JsonArray(path) : new JsonArray(),
        fields);
  }

  public boolean hasLead() {
    return !leadId.isEmpty();
  }

  public boolean ended() {
    return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
  }

  /** The expressions' {@code steps}: name → {"status", "output"} of each step entered. */
  public JsonObject expressionSteps() {
    JsonObject steps = new JsonObject();
    this.steps.forEach(
        (name, doc) ->
            steps.put(
                name,
                new JsonObject()
                    .put("status", doc.getString("status"))
                    .put("output", doc.getValue("output"))));
    return steps;
  }

  public long createdAt() {
    return Long.parseLong(fields.getOrDefault("created_at", "0"));
  }

  public long updatedAt() {
    return Long.parseLong(
        fields.getOrDefault("updated_at", fields.getOrDefault("created_at", "0")));
  }
}
