package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API and a worker on one Redis: a task that keeps failing, seen and re-driven through the API.
 */
@ExtendWith(RedisServerExtension.class)
class DeadLetterRedriveTest {

  private final LocalRedisServer redis;
  private Vertx vertx;
  private RunningApi api;
  private InProcessWorker worker;
  private final AtomicBoolean fixed = new AtomicBoolean();
  private final AtomicInteger calls = new AtomicInteger();

  DeadLetterRedriveTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    api =
        RunningApi.start(
            vertx, redis.url(), Map.of("AO_TASKS_ACCEPTED_TYPES", "[\"noop\",\"fragile\"]"));
    TaskHandler fragile =
        new TaskHandler() {
          @Override
          public String type() {
            return "fragile";
          }

          @Override
          public Future<JsonObject> handle(TaskContext task) {
            calls.incrementAndGet();
            return fixed.get()
                ? Future.succeededFuture(new JsonObject().put("attempt", task.attempt()))
                : Future.failedFuture("downstream unavailable");
          }
        };
    worker =
        await(
            InProcessWorker.deploy(
                vertx,
                redis.url(),
                "default",
                HandlerRegistry.withBuiltIns().register(fragile),
                TestSettings.fast("system-worker")));
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void aTaskThatAlwaysFailsIsDeadAfterThreeAttemptsListedAndRedrivenThroughTheApi()
      throws Exception {
    JsonObject accepted =
        api.postJson("/api/tasks", new JsonObject().put("type", "fragile").put("max_attempts", 3))
            .bodyAsJsonObject();
    String taskId = accepted.getString("task_id");

    eventually(Duration.ofSeconds(20), () -> "dead".equals(state(taskId)));
    JsonObject dead = api.get("/api/tasks/" + taskId).bodyAsJsonObject();
    assertThat(dead.getLong("attempts")).isEqualTo(3);
    assertThat(dead.getString("last_error")).isEqualTo("downstream unavailable");
    assertThat(calls.get()).isEqualTo(3);
    JsonArray listed = api.get("/api/admin/dead-letters").bodyAsJsonObject().getJsonArray("items");
    assertThat(listed)
        .singleElement()
        .satisfies(
            item -> {
              assertThat(((JsonObject) item).getString("task_id")).isEqualTo(taskId);
              assertThat(((JsonObject) item).getString("error"))
                  .isEqualTo("downstream unavailable");
            });
    JsonObject queue =
        api.get("/api/admin/queues").bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(queue.getLong("dead")).isEqualTo(1);

    fixed.set(true);
    assertThat(
            api.send(HttpMethod.POST, "/api/admin/dead-letters/" + taskId + "/retry").statusCode())
        .isEqualTo(202);

    eventually(Duration.ofSeconds(10), () -> "succeeded".equals(state(taskId)));
    assertThat(api.get("/api/tasks/" + taskId).bodyAsJsonObject().getLong("attempts")).isEqualTo(1);
    assertThat(api.get("/api/admin/dead-letters").bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(calls.get()).isEqualTo(4);
  }

  @Test
  void theApiListsTheLiveWorkerAndTheWorkerServesItsOwnProbesAndMetrics() throws Exception {
    eventually(
        Duration.ofSeconds(5),
        () -> !api.get("/health/detailed").bodyAsJsonObject().getJsonArray("workers").isEmpty());
    JsonObject listed =
        api.get("/health/detailed").bodyAsJsonObject().getJsonArray("workers").getJsonObject(0);
    assertThat(listed.getString("worker_id")).isEqualTo("system-worker");
    assertThat(listed.getLong("in_flight")).isZero();
    assertThat(listed.getLong("concurrency")).isPositive();
    assertThat(listed.getJsonArray("handlers")).contains("noop");

    var client = WebClient.create(vertx);
    assertThat(
            await(client.get(worker.httpPort(), "127.0.0.1", "/health/live").send()).statusCode())
        .isEqualTo(200);
    assertThat(
            await(client.get(worker.httpPort(), "127.0.0.1", "/health/ready").send()).statusCode())
        .isEqualTo(200);
    api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    eventually(
        Duration.ofSeconds(5),
        () ->
            await(client.get(worker.httpPort(), "127.0.0.1", "/metrics").send())
                .bodyAsString()
                .contains("ao_worker_tasks_total{outcome=\"succeeded\",type=\"noop\"} 1.0"));
  }

  private String state(String taskId) {
    return api.get("/api/tasks/" + taskId).bodyAsJsonObject().getString("state");
  }
}
