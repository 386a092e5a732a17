package io.ao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ao.api.support.DeadTasks;
import io.ao.api.support.RunningApi;
import io.ao.cli.support.AoRunner;
import io.ao.cli.support.AoRunner.Result;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closing note's figure: 1,000 dead letters re-driven with one {@code ao dead retry --all},
 * every one back to {@code succeeded} through a real worker. The time it took is printed (see
 * benchmarks/2026-12-03/cli-dead-retry-all/), never asserted: this is a shared box.
 */
@ExtendWith(RedisServerExtension.class)
class DeadRetryAllThousandTest {

  private static final int DEAD = 1_000;
  private static final long DEADLINE_MS = 120_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Vertx vertx;
  private RunningApi api;
  private Redis redis;
  @TempDir Path configHome;

  @BeforeEach
  void start(LocalRedisServer server) {
    server.flushAll();
    vertx = Vertx.vertx();
    api = RunningApi.start(vertx, server, Map.of());
    redis =
        SharedConnectionRedis.create(
            vertx, RedisClientOptions.standalone(server.url()).setMaxPoolWaiting(10_000));
  }

  @AfterEach
  void stop() {
    api.close();
    RunningApi.await(vertx.close());
  }

  @Test
  void aThousandDeadLettersAreAllBackToSucceededAfterOneRetryAll(LocalRedisServer server)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < DEAD; i++) {
      ids.add(DeadTasks.create(redis, "default", "CRM timeout after 2000 ms (" + i + ")"));
    }
    String key =
        api.postJson("/api/auth/keys", new JsonObject().put("name", "cli").put("role", "operator"))
            .bodyAsJsonObject()
            .getString("key");
    AoRunner ao =
        new AoRunner(configHome)
            .env("AO_URL", "http://127.0.0.1:" + api.port())
            .env("AO_API_KEY", key);
    Result before = ao.run("queues", "--json");
    assertThat(JSON.readTree(before.out()).get("items").get(0).get("dead").asInt()).isEqualTo(DEAD);

    // the worker starts only now: until the retry there is nothing for it to do
    RunningApi.await(
        InProcessWorker.deploy(
            vertx, server, "default", HandlerRegistry.withBuiltIns(), TestSettings.fast("cli-w1")));

    long started = System.nanoTime();
    Result retry = ao.run("dead", "retry", "--all", "--error-contains", "crm timeout", "--yes");
    long answered = System.nanoTime();
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out()).contains("Retried " + DEAD + " of " + DEAD + " matching dead letters");

    QueueKeys keys = new QueueKeys("ao", "default");
    int succeeded = 0;
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (System.currentTimeMillis() < deadline) {
      succeeded = countSucceeded(keys, ids);
      if (succeeded == DEAD) {
        break;
      }
      Thread.sleep(50);
    }
    long allSucceeded = System.nanoTime();
    assertThat(succeeded).isEqualTo(DEAD);
    JsonNode after = JSON.readTree(ao.run("queues", "--json").out()).get("items").get(0);
    assertThat(after.get("dead").asInt()).isZero();
    assertThat(after.get("depth").asInt()).isZero();

    System.out.printf(
        "cli-dead-retry-all: %d dead letters; `ao dead retry --all` answered in %d ms (%s);"
            + " all %d succeeded %d ms after the command started; queue after: dead=%d depth=%d%n",
        DEAD,
        (answered - started) / 1_000_000,
        retry.out().strip(),
        succeeded,
        (allSucceeded - started) / 1_000_000,
        after.get("dead").asInt(),
        after.get("depth").asInt());
  }

  /** How many of the tasks' status hashes say succeeded, in one pipelined batch. */
  private int countSucceeded(QueueKeys keys, List<String> ids) {
    List<Request> reads = new ArrayList<>();
    ids.forEach(id -> reads.add(Request.cmd(Command.HGET).arg(keys.task(id)).arg("state")));
    Future<List<Response>> batch = redis.batch(reads);
    int count = 0;
    for (Response state : RunningApi.await(batch)) {
      if (state != null && "succeeded".equals(state.toString())) {
        count++;
      }
    }
    return count;
  }
}
