package io.ao.worker;

import static io.ao.worker.WorkerPipelineContract.await;
import static io.ao.worker.WorkerPipelineContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.TaskState;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker's partition consumers keep reading on a cluster after the client's slot map expired.
 *
 * <p>The Vert.x cluster client forgets its slot map every {@code hashSlotCacheTTL} (1 s by default)
 * and reloads it on the next command, with CLUSTER SLOTS over a connection from the seed node's
 * pool. Every partition reader holds one connection of each node's pool for its blocking reads, so
 * with a reader pool of exactly one connection per reader the reload waited for a connection
 * forever, and with it every reader's next XREADGROUP: the worker stopped receiving tasks about a
 * second after it started.
 */
@ExtendWith(RedisClusterExtension.class)
class ConsumerLivenessClusterTest {

  private static final int PARTITIONS = 3;

  /** Short, so that the slot map expires many times during the idle gap below. */
  private static final long SLOT_MAP_TTL_MS = 100;

  private final LocalRedisCluster cluster;
  private Vertx vertx;
  private Redis redis;

  ConsumerLivenessClusterTest(LocalRedisCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    redis =
        SharedConnectionRedis.create(
            vertx, InProcessWorker.options(cluster).setMaxPoolWaiting(10_000));
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  @Test
  void consumersOfEveryPartitionStillReadAfterAnIdleGapAndRetriesArePromotedToThem() {
    PartitionedQueue queue =
        new PartitionedQueue(redis, QueuePartitions.of("ao", "live", PARTITIONS), 3600);
    await(queue.ensureGroups());
    FailsFirstAttempt flaky = new FailsFirstAttempt();
    RedisOptions options = InProcessWorker.options(cluster).setHashSlotCacheTTL(SLOT_MAP_TTL_MS);
    await(
        InProcessWorker.deploy(
            vertx,
            options,
            "live",
            PARTITIONS,
            HandlerRegistry.withBuiltIns().register(flaky),
            TestSettings.fast("live-worker"),
            null));

    List<String> before = enqueueOnEveryPartition(queue, "noop");
    eventually(Duration.ofSeconds(10), () -> allSucceeded(queue, before));

    // idle: every reader sits in XREADGROUP BLOCK while the slot map expires again and again
    // (and the client's default TTL of 1 s passes too)
    sleep(Duration.ofMillis(1_500));

    List<String> after = enqueueOnEveryPartition(queue, "noop");
    // each fails once, goes to the delayed set and is promoted back onto its partition's stream
    List<String> retried = enqueueOnEveryPartition(queue, flaky.type());
    eventually(
        Duration.ofSeconds(15), () -> allSucceeded(queue, after) && allSucceeded(queue, retried));
    for (String id : retried) {
      assertThat(await(queue.status(id)).attempts()).as("attempts of " + id).isEqualTo(2);
    }
  }

  @Test
  void aSharedConnectionClientOfOneConnectionPerNodeStillAnswersAfterItsSlotMapExpired() {
    Redis single =
        SharedConnectionRedis.create(
            vertx,
            InProcessWorker.options(cluster)
                .setMaxPoolSize(1) // redis.pool_size may be 1
                .setHashSlotCacheTTL(SLOT_MAP_TTL_MS));
    assertThat(within(single.send(Request.cmd(Command.PING))).toString()).isEqualTo("PONG");
    sleep(Duration.ofMillis(5 * SLOT_MAP_TTL_MS));
    assertThat(within(single.send(Request.cmd(Command.SET).arg("{live}:k").arg("v"))).toString())
        .isEqualTo("OK");
    assertThat(within(single.send(Request.cmd(Command.GET).arg("{live}:k"))).toString())
        .isEqualTo("v");
  }

  private static <T> T within(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("failed or no answer within 5 s: " + e, e);
    }
  }

  /** Tasks until every partition has some (ids route by CRC16, so draw until all are hit). */
  private List<String> enqueueOnEveryPartition(PartitionedQueue queue, String type) {
    List<String> ids = new ArrayList<>();
    Set<Integer> hit = new HashSet<>();
    List<Future<?>> enqueued = new ArrayList<>();
    for (int i = 0; i < 200 && (hit.size() < PARTITIONS || ids.size() < 2 * PARTITIONS); i++) {
      NewTask task = NewTask.of(type, new JsonObject().put("i", i), 3);
      ids.add(task.id());
      hit.add(queue.partitions().routed(task.id()).partition());
      enqueued.add(queue.enqueue(task));
    }
    assertThat(hit).as("partitions the tasks routed to").hasSize(PARTITIONS);
    await(Future.all(enqueued));
    return ids;
  }

  private static boolean allSucceeded(PartitionedQueue queue, List<String> ids) {
    return ids.stream()
        .allMatch(
            id -> {
              TaskStatus status = await(queue.status(id));
              return status != null && status.state() == TaskState.SUCCEEDED;
            });
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Fails a task's first attempt (a retryable failure), succeeds on the next. */
  private static final class FailsFirstAttempt implements TaskHandler {

    @Override
    public String type() {
      return "fails_first";
    }

    @Override
    public Future<JsonObject> handle(TaskContext task) {
      Promise<JsonObject> done = Promise.promise();
      if (task.attempt() <= 1) {
        done.fail(new IllegalStateException("first attempt fails"));
      } else {
        done.complete(new JsonObject().put("attempt", task.attempt()));
      }
      return done.future();
    }
  }
}
