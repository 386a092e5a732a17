package io.ao.loadtest.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerReportTest {

  private static final String EXPOSITION =
      """
      # HELP ao_worker_tasks_total
      # TYPE ao_worker_tasks_total counter
      ao_worker_tasks_total{outcome="succeeded",type="lead_process",} 120.0
      ao_worker_tasks_total{outcome="retried",type="crm_update"} 3
      ao_worker_tasks_in_flight 2.0
      ao_worker_task_duration_seconds_count{type="lead_process",} 120.0
      """;

  @Test
  void readsTheTaskCounterByTypeAndOutcomeAndNothingElse() {
    assertThat(WorkerProbe.tasks(EXPOSITION))
        .containsExactly(
            Map.entry(new WorkerSnapshot.TaskKey("crm_update", "retried"), 3.0),
            Map.entry(new WorkerSnapshot.TaskKey("lead_process", "succeeded"), 120.0));
    assertThat(PrometheusText.samples("x{a=\"q\\\"uote\"} +Inf\n", "x").get(0))
        .isEqualTo(
            new PrometheusText.Sample("x", Map.of("a", "q\"uote"), Double.POSITIVE_INFINITY));
  }

  @Test
  void ratesAreTheDifferenceDuringTheLoadPerSecondAndTheBacklogAfterIt() {
    WorkerSnapshot before =
        snapshot(
            0,
            health(4, worker("w1", "default", 1_000), worker("w2", "default", 50_000)),
            Map.of(key("lead_process", "succeeded"), 400.0));
    WorkerSnapshot end =
        snapshot(
            10_000,
            health(
                5,
                worker("w1", "default", 2_000),
                worker("w1", "emails", 2_000),
                // restarted during the run: its count went down, so all of it is new
                worker("w2", "default", 300)),
            Map.of(key("lead_process", "succeeded"), 900.0, key("crm_update", "dead"), 2.0));
    WorkerSnapshot settled =
        snapshot(
            14_000,
            health(7, worker("w1", "default", 2_100), worker("w2", "default", 310)),
            Map.of(key("lead_process", "succeeded"), 960.0, key("crm_update", "dead"), 2.0));

    JsonObject report = WorkerReport.between(before, end, settled);

    assertThat(report.getDouble("load_s")).isEqualTo(10.0);
    assertThat(report.getDouble("after_load_s")).isEqualTo(4.0);
    assertThat(report.getLong("processed_during_load")).isEqualTo(1_000 + 300);
    assertThat(report.getDouble("processed_per_s")).isEqualTo(130.0);
    assertThat(report.getLong("processed_after_load")).isEqualTo(100 + 10);
    JsonArray workers = report.getJsonArray("workers");
    assertThat(workers).hasSize(2);
    assertThat(workers.getJsonObject(0).getString("worker_id")).isEqualTo("w1");
    assertThat(workers.getJsonObject(0).getJsonArray("queues"))
        .containsExactly("default", "emails");
    assertThat(workers.getJsonObject(0).getLong("processed_during_load")).isEqualTo(1_000);
    assertThat(workers.getJsonObject(1).getLong("processed_during_load")).isEqualTo(300);

    JsonArray tasks = report.getJsonArray("tasks");
    assertThat(tasks).hasSize(2);
    assertThat(tasks.getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("type", "crm_update")
                .put("outcome", "dead")
                .put("during_load", 2L)
                .put("per_s", 0.2)
                .put("after_load", 0L));
    assertThat(tasks.getJsonObject(1))
        .isEqualTo(
            new JsonObject()
                .put("type", "lead_process")
                .put("outcome", "succeeded")
                .put("during_load", 500L)
                .put("per_s", 50.0)
                .put("after_load", 60L));
    // the queues as they were after the wait, with the dead letters gained since the start
    assertThat(report.getJsonArray("queues").getJsonObject(0).getLong("dead")).isEqualTo(7);
    assertThat(report.getJsonArray("queues").getJsonObject(0).getLong("dead_added")).isEqualTo(3);
  }

  @Test
  void whatCouldNotBeReadIsSaidNotGuessed() {
    WorkerSnapshot unread =
        new WorkerSnapshot(0, null, "/health/detailed answered 403", null, "no URL");
    JsonObject report = WorkerReport.between(unread, unread, unread);
    assertThat(report.getString("health_error")).isEqualTo("/health/detailed answered 403");
    assertThat(report.getString("tasks_note")).isEqualTo("no URL");
    assertThat(report.containsKey("processed_during_load")).isFalse();
    assertThat(report.containsKey("tasks")).isFalse();
  }

  private static WorkerSnapshot.TaskKey key(String type, String outcome) {
    return new WorkerSnapshot.TaskKey(type, outcome);
  }

  private static WorkerSnapshot snapshot(
      long at, JsonObject health, Map<WorkerSnapshot.TaskKey, Double> tasks) {
    return new WorkerSnapshot(at, health, null, tasks, null);
  }

  private static JsonObject health(long dead, JsonObject... workers) {
    return new JsonObject()
        .put("workers", new JsonArray(List.of((Object[]) workers)))
        .put(
            "queues",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("queue", "default")
                        .put("depth", 0)
                        .put("pending", 0)
                        .put("delayed", 0)
                        .put("dead", dead)));
  }

  private static JsonObject worker(String id, String queue, long processed) {
    return new JsonObject()
        .put("worker_id", id)
        .put("queue", queue)
        .put("processed", processed)
        .put("concurrency", 64);
  }
}
