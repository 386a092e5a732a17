package io.ao.shared.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.Set;

/** A task's status hash, read back for the API and for tests. */
public record TaskStatus(JsonObject fields) {

  /** Bookkeeping fields of the queue scripts that are no business of API clients. */
  private static final Set<String> INTERNAL = Set.of("entry", "dead_entry");

  private static final Set<String> NUMERIC =
      Set.of(
          "attempts",
          "max_attempts",
          "created_at",
          "updated_at",
          "started_at",
          "finished_at",
          "next_run_at",
          "deferrals",
          "redriven_at",
          "discarded_at");

  static TaskStatus fromHash(Response hash) {
    JsonObject fields = new JsonObject();
    for (String key : hash.getKeys()) {
      fields.put(key, hash.get(key).toString());
    }
    return new TaskStatus(fields);
  }

  public TaskState state() {
    return TaskState.fromWire(fields.getString("state"));
  }

  public int attempts() {
    return Integer.parseInt(fields.getString("attempts", "0"));
  }

  public String get(String field) {
    return fields.getString(field);
  }

  /** The public JSON form: numbers as numbers, payload and result as JSON, internals hidden. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    fields.forEach(
        field -> {
          String key = field.getKey();
          String value = (String) field.getValue();
          if (INTERNAL.contains(key)) {
            return;
          }
          if (NUMERIC.contains(key) && !value.isEmpty()) {
            json.put(key, Long.parseLong(value));
          } else if ((key.equals("payload") || key.equals("result")) && value.startsWith("{")) {
            json.put(key, new JsonObject(value));
          } else {
            json.put(key, value);
          }
        });
    return json;
  }
}
