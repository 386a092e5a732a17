package io.ao.shared.queue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One page of dead-lettered tasks; {@code nextCursor} is null on the last page. */
public record DeadLetterPage(List<JsonObject> items, String nextCursor) {

  private static final Set<String> NUMERIC = Set.of("attempts", "failed_at");

  static DeadLetterPage from(Response entries, int limit) {
    List<JsonObject> items = new ArrayList<>();
    String lastId = null;
    int count = Math.min(entries.size(), limit);
    for (int i = 0; i < count; i++) {
      Response entry = entries.get(i);
      lastId = entry.get(0).toString();
      JsonObject item = new JsonObject().put("dead_letter_id", lastId);
      Response fields = entry.get(1);
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        String name = fields.get(f).toString();
        String value = fields.get(f + 1).toString();
        item.put(
            name.equals("id") ? "task_id" : name,
            NUMERIC.contains(name) ? Long.parseLong(value) : value);
      }
      items.add(item);
    }
    return new DeadLetterPage(items, entries.size() > limit ? lastId : null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(new ArrayList<>(items)))
        .put("next_cursor", nextCursor);
  }
}
