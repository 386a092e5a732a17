package io.ao.loadtest.observe;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The workers' part of a run's summary, from three snapshots: when the measured load began, when it
 * ended, and after the run waited for its workflows. "During load" figures are the difference of
 * the first two, per second of load; "after load" the work the backlog took once the load stopped.
 */
public final class WorkerReport {

  private WorkerReport() {}

  public static JsonObject between(
      WorkerSnapshot before, WorkerSnapshot end, WorkerSnapshot settled) {
    double loadSeconds = Math.max(0.001, (end.atMillis() - before.atMillis()) / 1000.0);
    double afterSeconds = Math.max(0, (settled.atMillis() - end.atMillis()) / 1000.0);
    JsonObject report =
        new JsonObject().put("load_s", round(loadSeconds)).put("after_load_s", round(afterSeconds));
    health(report, before, end, settled, loadSeconds);
    tasks(report, before, end, settled, loadSeconds);
    return report;
  }

  private static void health(
      JsonObject report,
      WorkerSnapshot before,
      WorkerSnapshot end,
      WorkerSnapshot settled,
      double loadSeconds) {
    String error =
        before.healthError() != null
            ? before.healthError()
            : end.healthError() != null ? end.healthError() : settled.healthError();
    if (before.health() == null || end.health() == null) {
      report.put("health_error", error);
      return;
    }
    Map<String, JsonObject> first = workers(before.health());
    Map<String, JsonObject> last = workers(end.health());
    Map<String, JsonObject> after = settled.health() == null ? Map.of() : workers(settled.health());
    JsonArray rows = new JsonArray();
    long during = 0;
    long afterLoad = 0;
    for (Map.Entry<String, JsonObject> worker : last.entrySet()) {
      long at = worker.getValue().getLong("processed", 0L);
      long delta = since(first.get(worker.getKey()), at);
      long later =
          after.containsKey(worker.getKey())
              ? since(worker.getValue(), after.get(worker.getKey()).getLong("processed", 0L))
              : 0;
      during += delta;
      afterLoad += later;
      rows.add(
          new JsonObject()
              .put("worker_id", worker.getKey())
              .put("queues", worker.getValue().getJsonArray("queues"))
              .put("concurrency", worker.getValue().getValue("concurrency"))
              .put("processed_during_load", delta)
              .put("processed_per_s", round(delta / loadSeconds))
              .put("processed_after_load", later));
    }
    Set<String> gone = new TreeSet<>(first.keySet());
    gone.removeAll(last.keySet());
    report
        .put("workers", rows)
        .put("workers_gone_during_load", new JsonArray(gone.stream().toList()))
        .put("processed_during_load", during)
        .put("processed_per_s", round(during / loadSeconds))
        .put("processed_after_load", afterLoad)
        .put(
            "queues",
            queues(before.health(), settled.health() != null ? settled.health() : end.health()));
    if (settled.health() == null && settled.healthError() != null) {
      report.put("health_error", settled.healthError());
    }
  }

  /** The live workers by id (a worker of several queues is listed once per queue). */
  private static Map<String, JsonObject> workers(JsonObject health) {
    Map<String, JsonObject> byId = new TreeMap<>();
    for (Object each : health.getJsonArray("workers", new JsonArray())) {
      if (!(each instanceof JsonObject worker) || worker.getString("worker_id") == null) {
        continue;
      }
      JsonObject merged =
          byId.computeIfAbsent(
              worker.getString("worker_id"),
              id -> new JsonObject().put("queues", new JsonArray()).put("processed", 0L));
      merged.getJsonArray("queues").add(worker.getValue("queue"));
      merged.put("processed", Math.max(merged.getLong("processed"), number(worker, "processed")));
      merged.put("concurrency", worker.getValue("concurrency"));
    }
    return byId;
  }

  /** A count since an earlier one; a worker that restarted (its count went down) counts anew. */
  private static long since(JsonObject earlier, long now) {
    long then = earlier == null ? 0 : earlier.getLong("processed", 0L);
    return now >= then ? now - then : now;
  }

  /** Each queue's figures at the end, with the dead letters it gained during the run. */
  private static JsonArray queues(JsonObject before, JsonObject after) {
    Map<String, JsonObject> first = new LinkedHashMap<>();
    for (Object each : before.getJsonArray("queues", new JsonArray())) {
      if (each instanceof JsonObject queue) {
        first.put(queue.getString("queue"), queue);
      }
    }
    JsonArray rows = new JsonArray();
    for (Object each : after.getJsonArray("queues", new JsonArray())) {
      if (!(each instanceof JsonObject queue)) {
        continue;
      }
      JsonObject earlier = first.get(queue.getString("queue"));
      rows.add(
          new JsonObject()
              .put("queue", queue.getString("queue"))
              .put("depth", number(queue, "depth"))
              .put("pending", number(queue, "pending"))
              .put("delayed", number(queue, "delayed"))
              .put("dead", number(queue, "dead"))
              .put(
                  "dead_added",
                  number(queue, "dead") - (earlier == null ? 0 : number(earlier, "dead"))));
    }
    return rows;
  }

  private static void tasks(
      JsonObject report,
      WorkerSnapshot before,
      WorkerSnapshot end,
      WorkerSnapshot settled,
      double loadSeconds) {
    if (before.tasks() == null || end.tasks() == null) {
      report.put(
          "tasks_note", before.metricsError() != null ? before.metricsError() : end.metricsError());
      return;
    }
    Set<WorkerSnapshot.TaskKey> keys = new TreeSet<>(end.tasks().keySet());
    if (settled.tasks() != null) {
      keys.addAll(settled.tasks().keySet());
    }
    JsonArray rows = new JsonArray();
    for (WorkerSnapshot.TaskKey key : keys) {
      double first = before.tasks().getOrDefault(key, 0.0);
      double last = end.tasks().getOrDefault(key, 0.0);
      double during = last >= first ? last - first : last;
      double after =
          settled.tasks() == null ? 0 : Math.max(0, settled.tasks().getOrDefault(key, 0.0) - last);
      if (during == 0 && after == 0) {
        continue;
      }
      rows.add(
          new JsonObject()
              .put("type", key.type())
              .put("outcome", key.outcome())
              .put("during_load", Math.round(during))
              .put("per_s", round(during / loadSeconds))
              .put("after_load", Math.round(after)));
    }
    report.put("tasks", rows);
  }

  /** A figure the API may send as a number or (older APIs) as text. */
  private static long number(JsonObject object, String field) {
    Object value = object.getValue(field);
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return value == null ? 0 : Long.parseLong(value.toString());
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
