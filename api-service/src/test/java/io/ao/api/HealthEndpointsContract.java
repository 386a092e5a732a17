package io.ao.api;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueInspector;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health endpoints and queue figures: against one server ({@link HealthEndpointsTest}) and a
 * 3-master cluster ({@link HealthEndpointsClusterTest}).
 */
abstract class HealthEndpointsContract {

  private final RedisTarget server;
  private Vertx vertx;
  private Redis redis;
  private RunningApi api;

  HealthEndpointsContract(RedisTarget server) {
    this.server = server;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis =
        SharedConnectionRedis.create(
            vertx,
            (server.isCluster()
                    ? RedisClientOptions.cluster(server.clusterUrls())
                    : RedisClientOptions.standalone(server.url()))
                .setMaxPoolWaiting(1_000));
    server.flushAll();
    api = RunningApi.start(vertx, server, Map.of("AO_MONITORING_QUEUE_DEPTH_WARN", "5"));
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void healthLiveAndReadyAnswerWhileRedisIsUp() {
    JsonObject health = api.get("/health").bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.getString("redis")).isEqualTo("ready");
    assertThat(health.getString("version")).isNotBlank();
    assertThat(health.getLong("queue_depth")).isZero();
    assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void detailedFiguresEqualWhatRedisReportsForTheSameState() {
    QueueKeys keys = new QueueKeys("ao", "default");
    TaskQueue queue = new TaskQueue(redis, keys, 3600);
    List<Future<?>> enqueued = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      enqueued.add(queue.enqueue(NewTask.of("noop", null, 1)));
    }
    await(Future.all(enqueued));
    List<TaskEnvelope> read = readGroup(keys, "inspector", 5);
    await(
        queue
            .startAll(List.of(read.get(0)), "inspector")
            .compose(s -> queue.retryLater(read.get(0), 60_000, "later")));
    await(
        queue
            .startAll(List.of(read.get(1)), "inspector")
            .compose(s -> queue.deadLetter(read.get(1), "dead")));
    // state now: 7 entries on the stream, 3 of them pending, 1 delayed, 1 dead

    JsonObject detailed = api.get("/health/detailed").bodyAsJsonObject();
    JsonObject figures = detailed.getJsonArray("queues").getJsonObject(0);

    assertThat(figures.getLong("depth")).isEqualTo(xlen(keys.stream())).isEqualTo(7);
    Response pendingSummary =
        await(redis.send(Request.cmd(Command.XPENDING).arg(keys.stream()).arg(QueueKeys.GROUP)));
    assertThat(figures.getLong("pending")).isEqualTo(pendingSummary.get(0).toLong()).isEqualTo(3);
    assertThat(figures.getLong("delayed")).isEqualTo(zcard(keys.delayed())).isEqualTo(1);
    assertThat(figures.getLong("dead")).isEqualTo(xlen(keys.dead())).isEqualTo(1);
    Response groups =
        await(redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(keys.stream())));
    assertThat(figures.getLong("consumers"))
        .isEqualTo(QueueInspector.field(groups.get(0), "consumers").toLong())
        .isEqualTo(1);
    Response lag = QueueInspector.field(groups.get(0), "lag");
    if (lag != null) {
      assertThat(figures.getLong("lag")).isEqualTo(lag.toLong()).isEqualTo(4);
    } else {
      assertThat(figures.getValue("lag")).as("Redis before 7 has no lag").isNull();
    }
    assertThat(figures.getLong("oldest_pending_age_ms")).isGreaterThanOrEqualTo(0);
    assertThat(detailed.getString("status")).as("depth 7 > warn 5").isEqualTo("degraded");
    assertThat(detailed.getJsonObject("redis").getString("server_version"))
        .isEqualTo(server.version());
    assertThat(detailed.getJsonObject("redis").getString("mode")).isEqualTo(server.mode());
  }

  @Test
  void redisStoppedAndRestartedUnderTheApi() throws Exception {
    assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);

    server.stop();
    eventually(Duration.ofSeconds(5), () -> api.get("/health/ready").statusCode() == 503);
    HttpResponse<Buffer> health = api.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("degraded");
    assertThat(health.bodyAsJsonObject().getString("redis")).isEqualTo("unavailable");
    HttpResponse<Buffer> enqueue = api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    Problems.assertProblem(enqueue, 503);
    assertThat(api.get("/health/detailed").statusCode()).isEqualTo(200);

    server.start();
    long back = System.nanoTime();
    eventually(
        Duration.ofSeconds(5),
        () ->
            api.get("/health/ready").statusCode() == 200
                && "healthy".equals(api.get("/health").bodyAsJsonObject().getString("status")));
    assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(5));
    assertThat(api.postJson("/api/tasks", new JsonObject().put("type", "noop")).statusCode())
        .isEqualTo(202);
  }

  @Test
  void aTaskStatusOutlivesARestartOfTheApi() {
    String taskId =
        api.postJson("/api/tasks", new JsonObject().put("type", "noop"))
            .bodyAsJsonObject()
            .getString("task_id");
    api.close();

    api = RunningApi.start(vertx, server, Map.of());
    JsonObject status = api.get("/api/tasks/" + taskId).bodyAsJsonObject();
    assertThat(status.getString("id")).isEqualTo(taskId);
    assertThat(status.getString("state")).isEqualTo("queued");
  }

  // ---- helpers ---------------------------------------------------------------------

  private List<TaskEnvelope> readGroup(QueueKeys keys, String consumer, int count) {
    Response reply =
        await(
            redis.send(
                Request.cmd(Command.XREADGROUP)
                    .arg("GROUP")
                    .arg(QueueKeys.GROUP)
                    .arg(consumer)
                    .arg("COUNT")
                    .arg(count)
                    .arg("STREAMS")
                    .arg(keys.stream())
                    .arg(">")));
    Response entries = reply.getKeys().isEmpty() ? reply.get(0).get(1) : reply.get(keys.stream());
    List<TaskEnvelope> read = new ArrayList<>();
    for (Response entry : entries) {
      read.add(TaskEnvelope.fromStreamEntry(entry.get(0).toString(), entry.get(1)));
    }
    return read;
  }

  private long xlen(String key) {
    return await(redis.send(Request.cmd(Command.XLEN).arg(key))).toLong();
  }

  private long zcard(String key) {
    return await(redis.send(Request.cmd(Command.ZCARD).arg(key))).toLong();
  }

  static void eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
