package io.ao.chaos;

import io.ao.chaos.SteadyLoad.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeMap;

/** The load second by second, by the time each request was sent: what a fault did to clients. */
final class Timeline {

  private Timeline() {}

  static JsonArray of(List<Outcome> outcomes, long startMs) {
    TreeMap<Long, JsonObject> seconds = new TreeMap<>();
    for (Outcome outcome : outcomes) {
      long second = (outcome.sentAtMs() - startMs) / 1000;
      JsonObject row =
          seconds.computeIfAbsent(
              second,
              s ->
                  new JsonObject()
                      .put("second", s)
                      .put("sent", 0)
                      .put("accepted", 0)
                      .put("rejected", 0)
                      .put("no_answer", 0)
                      .put("max_latency_ms", 0L));
      row.put("sent", row.getInteger("sent") + 1);
      String bucket =
          outcome.accepted() ? "accepted" : outcome.status() == -1 ? "no_answer" : "rejected";
      row.put(bucket, row.getInteger(bucket) + 1);
      row.put(
          "max_latency_ms",
          Math.max(row.getLong("max_latency_ms"), outcome.answeredAtMs() - outcome.sentAtMs()));
    }
    return new JsonArray(List.copyOf(seconds.values()));
  }
}
