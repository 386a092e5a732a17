package io.ao.worker;

import static io.ao.worker.WorkerPipelineContract.await;
import static io.ao.worker.WorkerPipelineContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.TaskState;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.WorkerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real worker processes killed and stopped in the middle of their work, and Redis going away under
 * them: against one server ({@link WorkerFaultsTest}) and a 3-master cluster ({@link
 * WorkerFaultsClusterTest}).
 */
abstract class WorkerFaultsContract {

  private final RedisTarget server;
  private Vertx vertx;
  private Redis redis;
  private final List<WorkerProcess> processes = new ArrayList<>();

  WorkerFaultsContract(RedisTarget server) {
    this.server = server;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    redis =
        SharedConnectionRedis.create(
            vertx, InProcessWorker.options(server).setMaxPoolSize(8).setMaxPoolWaiting(10_000));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (WorkerProcess process : processes) {
      process.close();
    }
    await(vertx.close());
  }

  @Test
  void tasksOfAWorkerKilledMidTaskAreTakenOverByAnotherAfterTheVisibilityTimeout()
      throws Exception {
    QueueKeys keys = new QueueKeys("ao", "killed");
    TaskQueue queue = new TaskQueue(redis, keys, 3600);
    WorkerProcess victim = worker("victim", keys, Map.of("AO_WORKER_CONCURRENCY", "10"));
    List<String> ids = enqueueSleeps(queue, 30, 3_000);

    eventually(Duration.ofSeconds(20), () -> countIn(queue, ids, TaskState.RUNNING) == 10);
    victim.kill();
    assertThat(pendingOf(keys, "victim")).as("in flight when killed").isEqualTo(10);

    worker("rescuer", keys, Map.of("AO_WORKER_CONCURRENCY", "40"));
    eventually(Duration.ofSeconds(60), () -> allIn(queue, ids, TaskState.SUCCEEDED));

    assertThat(xlen(keys.stream())).isZero();
    assertThat(pendingOf(keys, "victim")).isZero();
    long retried =
        ids.stream().map(id -> await(queue.status(id))).filter(s -> s.attempts() == 2).count();
    assertThat(retried).as("the killed worker's tasks ran a second time").isEqualTo(10);
  }

  @Test
  void sigtermLetsTasksInFlightFinishAndLeavesTheRestForOthers() throws Exception {
    QueueKeys keys = new QueueKeys("ao", "terminated");
    TaskQueue queue = new TaskQueue(redis, keys, 3600);
    WorkerProcess worker =
        worker(
            "graceful",
            keys,
            Map.of("AO_WORKER_CONCURRENCY", "5", "AO_WORKER_SHUTDOWN_GRACE_MS", "10000"));
    List<String> ids = enqueueSleeps(queue, 20, 1_500);
    eventually(Duration.ofSeconds(20), () -> countIn(queue, ids, TaskState.RUNNING) == 5);

    int exit = worker.terminate(Duration.ofSeconds(20));

    assertThat(exit).isZero();
    List<TaskStatus> after = ids.stream().map(id -> await(queue.status(id))).toList();
    long succeeded = after.stream().filter(s -> s.state() == TaskState.SUCCEEDED).count();
    assertThat(succeeded).as("the five in flight finished").isGreaterThanOrEqualTo(5);
    assertThat(after).as("nothing half-recorded").noneMatch(s -> s.state() == TaskState.RUNNING);
    assertThat(after)
        .allMatch(s -> s.state() == TaskState.SUCCEEDED || s.state() == TaskState.QUEUED);
    assertThat(pendingOf(keys, "graceful")).isZero();
    assertThat(log(worker)).contains("worker graceful stopped");

    worker("successor", keys, Map.of("AO_WORKER_CONCURRENCY", "20"));
    eventually(Duration.ofSeconds(30), () -> allIn(queue, ids, TaskState.SUCCEEDED));
    assertThat(ids.stream().map(id -> await(queue.status(id)).attempts())).containsOnly(1);
  }

  @Test
  void sigtermWithTasksOutlastingTheGraceLeavesThemPendingForATakeover() throws Exception {
    QueueKeys keys = new QueueKeys("ao", "outlasting");
    TaskQueue queue = new TaskQueue(redis, keys, 3600);
    WorkerProcess worker =
        worker(
            "hasty",
            keys,
            Map.of("AO_WORKER_CONCURRENCY", "4", "AO_WORKER_SHUTDOWN_GRACE_MS", "500"));
    List<String> ids = enqueueSleeps(queue, 4, 5_000);
    eventually(Duration.ofSeconds(20), () -> countIn(queue, ids, TaskState.RUNNING) == 4);

    assertThat(worker.terminate(Duration.ofSeconds(20))).isZero();

    assertThat(pendingOf(keys, "hasty")).as("left pending, not lost").isEqualTo(4);
    worker("taker", keys, Map.of("AO_WORKER_CONCURRENCY", "4"));
    eventually(Duration.ofSeconds(60), () -> allIn(queue, ids, TaskState.SUCCEEDED));
    assertThat(xlen(keys.stream())).isZero();
  }

  @Test
  void aWorkerReconnectsOnItsOwnAfterRedisRestarts() throws Exception {
    QueueKeys keys = new QueueKeys("ao", "restarted");
    TaskQueue queue = new TaskQueue(redis, keys, 3600);
    worker("survivor", keys, Map.of());
    String before = enqueueSleeps(queue, 1, 1).get(0);
    eventually(
        Duration.ofSeconds(10), () -> await(queue.status(before)).state() == TaskState.SUCCEEDED);

    server.stop();
    server.start();

    // The restarted Redis may have lost the stream and its group; the worker recreates them.
    eventually(
        Duration.ofSeconds(15),
        () -> {
          try {
            String after = enqueueSleeps(queue, 1, 1).get(0);
            long deadline = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < deadline) {
              TaskStatus status = await(queue.status(after));
              if (status != null && status.state() == TaskState.SUCCEEDED) {
                return true;
              }
              Thread.sleep(100);
            }
            return false;
          } catch (AssertionError | InterruptedException notYet) {
            return false;
          }
        });
  }

  // ---- helpers ---------------------------------------------------------------------

  private WorkerProcess worker(String id, QueueKeys keys, Map<String, String> extraEnv)
      throws Exception {
    Map<String, String> env = new HashMap<>(server.environment());
    env.putAll(
        Map.of(
            "AO_QUEUE_VISIBILITY_TIMEOUT_MS", "2000",
            "AO_WORKER_RECLAIM_INTERVAL_MS", "500",
            "AO_WORKER_HEARTBEAT_INTERVAL_MS", "500"));
    env.putAll(extraEnv);
    WorkerProcess process = WorkerProcess.start(id, keys.queue(), freePort(), env);
    processes.add(process);
    return process.awaitReady(Duration.ofSeconds(30));
  }

  private List<String> enqueueSleeps(TaskQueue queue, int count, long ms) {
    List<String> ids = new ArrayList<>();
    List<Future<?>> enqueued = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NewTask task = NewTask.of("sleep", new JsonObject().put("ms", ms), 3);
      ids.add(task.id());
      enqueued.add(queue.enqueue(task));
    }
    await(Future.all(enqueued));
    return ids;
  }

  private long countIn(TaskQueue queue, List<String> ids, TaskState state) {
    return ids.stream().filter(id -> await(queue.status(id)).state() == state).count();
  }

  private boolean allIn(TaskQueue queue, List<String> ids, TaskState state) {
    return ids.stream().allMatch(id -> await(queue.status(id)).state() == state);
  }

  /** Entries pending for one consumer, from XPENDING's summary. */
  private long pendingOf(QueueKeys keys, String consumer) {
    Response summary =
        await(redis.send(Request.cmd(Command.XPENDING).arg(keys.stream()).arg(QueueKeys.GROUP)));
    Response consumers = summary.get(3);
    if (consumers == null) {
      return 0;
    }
    for (Response row : consumers) {
      if (consumer.equals(row.get(0).toString())) {
        return row.get(1).toLong();
      }
    }
    return 0;
  }

  private long xlen(String key) {
    return await(redis.send(Request.cmd(Command.XLEN).arg(key))).toLong();
  }

  private static String log(WorkerProcess process) {
    return process.logText();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
