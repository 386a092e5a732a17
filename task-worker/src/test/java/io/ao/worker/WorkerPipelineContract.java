package io.ao.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.TaskState;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.queue.WorkerRegistry;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.NoopHandler;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The worker pipeline end to end, in process, against a real Redis: the same cases run against one
 * server ({@link WorkerPipelineTest}) and a 3-master cluster ({@link WorkerPipelineClusterTest}).
 */
abstract class WorkerPipelineContract {

  protected final RedisTarget server;
  private Vertx vertx;
  private Redis redis;
  private TaskQueue queue;
  private QueueKeys keys;

  WorkerPipelineContract(RedisTarget server) {
    this.server = server;
  }

  @BeforeEach
  void setUp(TestInfo info) {
    vertx = Vertx.vertx();
    redis =
        SharedConnectionRedis.create(
            vertx, InProcessWorker.options(server).setMaxPoolSize(16).setMaxPoolWaiting(20_000));
    keys =
        new QueueKeys(
            "ao",
            info.getTestMethod()
                .orElseThrow()
                .getName()
                .substring(0, 20)
                .replaceAll("[^A-Za-z]", ""));
    queue = new TaskQueue(redis, keys, 3600);
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  @Test
  void tenThousandNoopTasksAllSucceedEachExactlyOnce() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskHandler countingNoop =
        new TaskHandler() {
          private final NoopHandler noop = new NoopHandler();

          @Override
          public String type() {
            return TaskTypes.NOOP;
          }

          @Override
          public Future<JsonObject> handle(TaskContext task) {
            runs.computeIfAbsent(task.taskId(), id -> new AtomicInteger()).incrementAndGet();
            return noop.handle(task);
          }
        };
    await(
        InProcessWorker.deploy(
            vertx,
            server,
            keys.queue(),
            new HandlerRegistry().register(countingNoop),
            TestSettings.fast("w1")));

    int total = 10_000;
    List<String> ids = new ArrayList<>(total);
    List<Future<?>> enqueued = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      NewTask task = NewTask.of("noop", new JsonObject().put("i", i), 3);
      ids.add(task.id());
      enqueued.add(queue.enqueue(task));
    }
    await(Future.all(enqueued));

    eventually(Duration.ofSeconds(120), () -> runs.size() == total && xlen(keys.stream()) == 0);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    List<Future<TaskStatus>> statuses = new ArrayList<>();
    ids.forEach(id -> statuses.add(queue.status(id)));
    await(Future.all(statuses));
    assertThat(statuses)
        .allSatisfy(status -> assertThat(status.result().state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(pending()).isZero();
  }

  @Test
  void aHandlerThatFailsTwiceSucceedsOnTheThirdAttemptAfterGrowingDelays() {
    List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    TaskHandler flaky =
        handler(
            "flaky",
            task -> {
              attemptTimes.add(System.nanoTime());
              return task.attempt() < 3
                  ? Future.failedFuture("transient failure on attempt " + task.attempt())
                  : Future.succeededFuture(new JsonObject().put("attempt", task.attempt()));
            });
    await(
        InProcessWorker.deploy(
            vertx,
            server,
            keys.queue(),
            new HandlerRegistry().register(flaky),
            TestSettings.fast("w1")));
    NewTask task = NewTask.of("flaky", null, 3);
    await(queue.enqueue(task));

    eventually(Duration.ofSeconds(20), () -> state(task.id()) == TaskState.SUCCEEDED);
    TaskStatus status = await(queue.status(task.id()));
    assertThat(status.attempts()).isEqualTo(3);
    assertThat(status.get("last_error")).isEqualTo("transient failure on attempt 2");
    assertThat(attemptTimes).hasSize(3);
    long firstDelay = TimeUnit.NANOSECONDS.toMillis(attemptTimes.get(1) - attemptTimes.get(0));
    long secondDelay = TimeUnit.NANOSECONDS.toMillis(attemptTimes.get(2) - attemptTimes.get(1));
    // base 200 ms, equal jitter: first retry waits 100-200 ms, the second 200-400 ms.
    assertThat(firstDelay).isGreaterThanOrEqualTo(100);
    assertThat(secondDelay).isGreaterThanOrEqualTo(200).isGreaterThanOrEqualTo(firstDelay);
  }

  @Test
  void aHandlerThatAlwaysFailsIsDeadAfterThreeAttemptsAndCanBeRedriven() {
    AtomicInteger calls = new AtomicInteger();
    TaskHandler broken =
        handler(
            "broken",
            task ->
                calls.incrementAndGet() <= 3
                    ? Future.failedFuture("always broken")
                    : Future.succeededFuture(new JsonObject().put("fixed", true)));
    await(
        InProcessWorker.deploy(
            vertx,
            server,
            keys.queue(),
            new HandlerRegistry().register(broken),
            TestSettings.fast("w1")));
    NewTask task = NewTask.of("broken", null, 3);
    await(queue.enqueue(task));

    eventually(Duration.ofSeconds(20), () -> state(task.id()) == TaskState.DEAD);
    assertThat(await(queue.status(task.id())).attempts()).isEqualTo(3);
    assertThat(await(queue.operations().deadLetters(null, 10)).items())
        .singleElement()
        .satisfies(item -> assertThat(item.getString("task_id")).isEqualTo(task.id()));

    assertThat(await(queue.operations().redrive(task.id())).applied()).isTrue();
    eventually(Duration.ofSeconds(10), () -> state(task.id()) == TaskState.SUCCEEDED);
    assertThat(calls.get()).isEqualTo(4);
    assertThat(xlen(keys.dead())).isZero();
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    TaskHandler rejecting =
        handler(
            "rejecting",
            task -> {
              calls.incrementAndGet();
              return Future.failedFuture(new PermanentTaskFailure("CRM said 400: email invalid"));
            });
    await(
        InProcessWorker.deploy(
            vertx,
            server,
            keys.queue(),
            new HandlerRegistry().register(rejecting),
            TestSettings.fast("w1")));
    NewTask task = NewTask.of("rejecting", null, 3);
    await(queue.enqueue(task));

    eventually(Duration.ofSeconds(10), () -> state(task.id()) == TaskState.FAILED);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(await(queue.status(task.id())).get("last_error"))
        .isEqualTo("CRM said 400: email invalid");
  }

  @Test
  void anUnknownTaskTypeIsRetriedThenDeadLetteredNotLost() {
    await(
        InProcessWorker.deploy(
            vertx, server, keys.queue(), HandlerRegistry.withBuiltIns(), TestSettings.fast("w1")));
    NewTask task = NewTask.of("no_such_type", null, 2);
    await(queue.enqueue(task));

    eventually(Duration.ofSeconds(10), () -> state(task.id()) == TaskState.DEAD);
    assertThat(await(queue.status(task.id())).get("last_error"))
        .contains("no handler for task type 'no_such_type'");
  }

  @Test
  void aLiveWorkerIsListedWithItsFiguresAndLeavesWhenStopped() {
    InProcessWorker worker =
        await(
            InProcessWorker.deploy(
                vertx,
                server,
                keys.queue(),
                HandlerRegistry.withBuiltIns(),
                TestSettings.fast("listed-worker")));
    WorkerRegistry registry = new WorkerRegistry(redis);

    eventually(
        Duration.ofSeconds(5),
        () -> await(registry.live(keys, System.currentTimeMillis(), 5_000)).size() == 1);
    JsonObject listed = await(registry.live(keys, System.currentTimeMillis(), 5_000)).get(0);
    assertThat(listed.getString("worker_id")).isEqualTo("listed-worker");
    assertThat(listed.getLong("in_flight")).isZero();
    assertThat(listed.getLong("concurrency")).isPositive();
    assertThat(listed.getJsonArray("handlers")).contains("noop");

    await(worker.stop());
    assertThat(await(registry.live(keys, System.currentTimeMillis(), 5_000))).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------

  private static TaskHandler handler(String type, Function<TaskContext, Future<JsonObject>> body) {
    return new TaskHandler() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Future<JsonObject> handle(TaskContext task) {
        return body.apply(task);
      }
    };
  }

  private TaskState state(String id) {
    TaskStatus status = await(queue.status(id));
    return status == null ? null : status.state();
  }

  private long xlen(String key) {
    return await(redis.send(Request.cmd(Command.XLEN).arg(key))).toLong();
  }

  private long pending() {
    return await(redis.send(Request.cmd(Command.XPENDING).arg(keys.stream()).arg(QueueKeys.GROUP)))
        .get(0)
        .toLong();
  }

  static void eventually(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("failed or timed out: " + e.getMessage(), e);
    }
  }
}
