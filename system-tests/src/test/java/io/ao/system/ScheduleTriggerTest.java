package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.redis.SharedConnectionRedis;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scheduled definition starts exactly one run per tick with three API instances and two workers
 * on one Redis, each in its own Vert.x (as separate processes would be): every worker offers every
 * tick, and the tick script lets one run through.
 */
@ExtendWith(RedisServerExtension.class)
class ScheduleTriggerTest {

  private static final int TICKS = 10;
  private static final long TICK_MS = 2_000;

  private final List<Vertx> instances = new ArrayList<>();
  private final List<RunningApi> apis = new ArrayList<>();
  private LocalRedisServer redis;

  @BeforeEach
  void start(LocalRedisServer redis) {
    this.redis = redis;
    redis.flushAll();
    for (int i = 0; i < 3; i++) {
      Vertx vertx = Vertx.vertx();
      instances.add(vertx);
      apis.add(RunningApi.start(vertx, redis.url(), Map.of()));
    }
    for (int i = 0; i < 2; i++) {
      Vertx vertx = Vertx.vertx();
      instances.add(vertx);
      AppConfig config =
          await(new ConfigLoader(vertx, redis.environment()).load("worker-defaults.json"));
      Redis workerRedis =
          SharedConnectionRedis.create(
              vertx, InProcessWorker.options(redis).setMaxPoolWaiting(1_000));
      await(
          InProcessWorker.deploy(
              vertx,
              redis,
              "default",
              1,
              HandlerRegistry.withBuiltIns(),
              TestSettings.fast("ticker-" + i),
              RunAdvancer.from(
                  workerRedis, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));
    }
  }

  @AfterEach
  void stop() {
    apis.forEach(RunningApi::close);
    instances.forEach(vertx -> await(vertx.close()));
  }

  @Test
  void everyTickHasExactlyOneRun() throws InterruptedException {
    RunningApi api = apis.get(0);
    assertThat(
            api.postJson(
                    "/api/workflows/definitions",
                    new JsonObject(
                        """
                        {"name": "ticking", "trigger": {"schedule": "0/2 * * * * *", "timezone": "Europe/Berlin"},
                         "steps": [{"name": "beat", "type": "noop"}]}
                        """))
                .statusCode())
        .isEqualTo(201);
    Thread.sleep(TICK_MS * (TICKS + 1) + 500);
    // stop ticking before counting, so the last tick is not caught half-way
    assertThat(api.send(HttpMethod.DELETE, "/api/workflows/definitions/ticking").statusCode())
        .isEqualTo(204);
    Thread.sleep(1_500);

    TreeMap<Long, Integer> runsPerTick = new TreeMap<>();
    List<JsonObject> runs = new ArrayList<>();
    apis.get(2)
        .get("/api/workflows?workflow=ticking&limit=500")
        .bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(item -> runs.add((JsonObject) item));
    for (JsonObject run : runs) {
      assertThat(run.getString("trigger")).isEqualTo("schedule");
      String id = run.getString("workflow_id");
      runsPerTick.merge(Long.parseLong(id.substring(id.lastIndexOf('-') + 1)), 1, Integer::sum);
    }
    System.out.printf(
        "schedule every 2 s, 3 API instances and 2 workers: %d ticks, %d runs, runs per tick %s%n",
        runsPerTick.size(), runs.size(), runsPerTick.values());
    assertThat(runsPerTick.size()).as("ticks").isGreaterThanOrEqualTo(TICKS);
    assertThat(runsPerTick.values()).as("runs per tick").containsOnly(1);
    List<Long> ticks = new ArrayList<>(runsPerTick.keySet());
    for (int i = 1; i < ticks.size(); i++) {
      assertThat(ticks.get(i) - ticks.get(i - 1)).as("no tick skipped").isEqualTo(TICK_MS);
    }
    assertThat(runs).allMatch(run -> "succeeded".equals(run.getString("status")), "all ran");
  }
}
