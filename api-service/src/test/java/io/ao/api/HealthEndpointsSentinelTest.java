package io.ao.api;

import static io.ao.api.HealthEndpointsContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisSentinelExtension;
import io.ao.devstack.redis.LocalRedisSentinel;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link HealthEndpointsContract} against a Sentinel-managed Redis, and the health endpoints across
 * a failover: readiness is 503 while no master is known and 200 once the Sentinels promote a
 * replica, whose address health then shows; no restart of the API.
 */
@ExtendWith(RedisSentinelExtension.class)
class HealthEndpointsSentinelTest extends HealthEndpointsContract {

  private final LocalRedisSentinel sentinel;

  HealthEndpointsSentinelTest(LocalRedisSentinel sentinel) {
    super(sentinel);
    this.sentinel = sentinel;
  }

  @Test
  void healthShowsTheMasterAndReadinessFollowsItAcrossAFailover() throws Exception {
    Vertx vertx = Vertx.vertx();
    RunningApi api = RunningApi.start(vertx, sentinel, Map.of());
    try {
      LocalRedisServer master = sentinel.master();
      int oldPort = master.port();
      JsonObject ready = api.get("/health/ready").bodyAsJsonObject();
      assertThat(ready.getString("status")).isEqualTo("ready");
      assertThat(ready.getJsonObject("redis").getString("master"))
          .isEqualTo("127.0.0.1:" + oldPort);
      assertThat(ready.getJsonObject("redis").getString("role")).isEqualTo("master");
      assertThat(ready.getJsonObject("redis").getString("mode")).isEqualTo("sentinel");

      master.kill();
      List<Integer> statuses = new ArrayList<>();
      eventually(
          Duration.ofSeconds(10),
          () -> {
            statuses.add(api.get("/health/ready").statusCode());
            return statuses.get(statuses.size() - 1) == 503;
          });
      var refused = api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
      int newPort = sentinel.awaitNewMaster(oldPort, 60_000);
      eventually(Duration.ofSeconds(30), () -> api.get("/health/ready").statusCode() == 200);
      // the first requests after the promotion may still meet connections to the dead master
      List<String> answers = new ArrayList<>();
      try {
        eventually(
            Duration.ofSeconds(10),
            () -> {
              var detailed = api.get("/health/detailed");
              answers.add(detailed.statusCode() + " " + detailed.bodyAsString());
              return detailed.statusCode() == 200
                  && detailed.bodyAsJsonObject().getJsonObject("redis").containsKey("master");
            });
      } catch (AssertionError notYet) {
        throw new AssertionError("answers of /health/detailed: " + answers, notYet);
      }
      JsonObject after =
          new JsonObject(answers.get(answers.size() - 1).substring(4)).getJsonObject("redis");
      int accepted = api.postJson("/api/tasks", new JsonObject().put("type", "noop")).statusCode();
      master.start();
      sentinel.awaitReplicaOnline(oldPort, 60_000);

      System.out.printf(
          "health across a failover: master %d killed -> ready 503 (task POST %d), %d promoted -> ready 200, detailed %s, task POST %d%n",
          oldPort, refused.statusCode(), newPort, after.encode(), accepted);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(after.getString("master")).isEqualTo("127.0.0.1:" + newPort);
      assertThat(after.getString("role")).isEqualTo("master");
      assertThat(accepted).isEqualTo(202);
    } finally {
      api.close();
      RunningApi.await(vertx.close());
    }
  }
}
