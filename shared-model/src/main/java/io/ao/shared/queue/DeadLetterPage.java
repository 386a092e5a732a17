package io.ao.shared.queue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One page of the dead-letter list (dead and failed tasks), newest first; {@code nextCursor} is
 * null on the last page. Each item is named by its task id, the one retry and discard take; the
 * stream entry id stays inside, as the place the cursor resumes from.
 */
public record DeadLetterPage(List<Letter> letters, String nextCursor) {

  /** One dead letter: its place on the stream, and what the list shows of it. */
  public record Letter(String entryId, JsonObject item) {}

  private static final Set<String> NUMERIC = Set.of("attempts", "failed_at");

  static DeadLetterPage from(Response entries, int limit) {
    List<Letter> letters = new ArrayList<>();
    String lastId = null;
    int count = Math.min(entries.size(), limit);
    for (int i = 0; i < count; i++) {
      Response entry = entries.get(i);
      lastId = entry.get(0).toString();
      JsonObject item = new JsonObject();
      Response fields = entry.get(1);
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        String name = fields.get(f).toString();
        String value = fields.get(f + 1).toString();
        item.put(
            name.equals("id") ? "task_id" : name,
            NUMERIC.contains(name) ? Long.parseLong(value) : value);
      }
      if (!item.containsKey("state")) {
        item.put("state", "dead"); // written before failed tasks were listed as well
      }
      letters.add(new Letter(lastId, item));
    }
    return new DeadLetterPage(letters, entries.size() > limit ? lastId : null);
  }

  public List<JsonObject> items() {
    return letters.stream().map(Letter::item).toList();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(new ArrayList<>(items())))
        .put("next_cursor", nextCursor);
  }
}
