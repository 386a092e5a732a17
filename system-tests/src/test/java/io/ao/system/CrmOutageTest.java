package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.worker.DomainHandlers;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.ao.worker.workflows.RunAdvancer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CRM unreachable for longer than every retry: the run fails, the task is dead, the breaker
 * opens.
 */
@ExtendWith(RedisServerExtension.class)
class CrmOutageTest {

  private final LocalRedisServer redis;
  private final PrometheusMeterRegistry workerMeters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Vertx vertx;
  private RunningApi api;

  CrmOutageTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Map<String, String> env =
        Map.of(
            "AO_REDIS_URL",
            redis.url(),
            "AO_CRM_API_BASE_URL",
            "http://127.0.0.1:" + FreePort.find(),
            "AO_CRM_TIMEOUT_MS",
            "500",
            "AO_CRM_CIRCUIT_BREAKER_MAX_FAILURES",
            "2",
            "AO_CRM_CIRCUIT_BREAKER_RESET_TIMEOUT_MS",
            "60000",
            // an outage longer than three attempts, not the default ten (minutes of backoff)
            "AO_QUEUE_MAX_ATTEMPTS",
            "3");
    api = RunningApi.start(vertx, redis.url(), env);
    AppConfig config = await(new ConfigLoader(vertx, env).load("worker-defaults.json"));
    HandlerRegistry handlers =
        DomainHandlers.register(
            HandlerRegistry.withBuiltIns(),
            vertx,
            Redis.createClient(vertx, redis.url()),
            config,
            workerMeters);
    await(
        InProcessWorker.deploy(
            vertx,
            redis.url(),
            "default",
            handlers,
            TestSettings.fast("outage-worker"),
            RunAdvancer.from(
                Redis.createClient(vertx, redis.url()),
                config,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void theRunFailsTheTaskIsDeadTheBreakerOpensAndTheApiStaysFast() throws Exception {
    JsonObject accepted =
        api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", "crm_sync")
                    .put("lead", new JsonObject().put("email", "offline@example.com")))
            .bodyAsJsonObject();
    String statusUrl = accepted.getString("status_url");
    String taskId = accepted.getString("workflow_id") + ".0.crm_sync";

    List<Long> healthMillis = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"failed".equals(api.get(statusUrl).bodyAsJsonObject().getString("status"))) {
      assertThat(System.nanoTime()).as("run failed in time").isLessThan(deadline);
      long started = System.nanoTime();
      assertThat(api.anonymous(HttpMethod.GET, "/health").statusCode()).isEqualTo(200);
      healthMillis.add((System.nanoTime() - started) / 1_000_000);
      Thread.sleep(50);
    }

    JsonObject task = api.get("/api/tasks/" + taskId).bodyAsJsonObject();
    assertThat(task.getString("state")).isEqualTo("dead");
    assertThat(task.getLong("attempts")).isEqualTo(3);
    assertThat(
            api.get("/api/admin/dead-letters").bodyAsJsonObject().getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("task_id")))
        .contains(taskId);
    assertThat(api.get(statusUrl).bodyAsJsonObject().getString("error")).startsWith("crm_sync: ");
    assertThat(workerMeters.scrape()).containsPattern("ao_crm_circuit_opened_total [1-9]");
    long[] sorted = healthMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.println("API /health during the CRM outage, ms: " + Arrays.toString(sorted));
    assertThat(sorted[sorted.length / 2])
        .as("median /health latency during the outage (ms)")
        .isLessThan(50);
  }
}
