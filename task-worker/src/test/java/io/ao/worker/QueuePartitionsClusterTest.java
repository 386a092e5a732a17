package io.ao.worker;

import static io.ao.worker.WorkerPipelineContract.await;
import static io.ao.worker.WorkerPipelineContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.QueueInspector;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.TaskState;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.redis.ClusterSlot;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A queue split into partitions on a 3-master cluster: spread over the masters, drained by one
 * worker.
 */
@ExtendWith(RedisClusterExtension.class)
class QueuePartitionsClusterTest {

  private final LocalRedisCluster cluster;
  private Vertx vertx;
  private Redis redis;

  QueuePartitionsClusterTest(LocalRedisCluster cluster) {
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
  void threePartitionsLandOnThreeDifferentMastersAndSixOnTwoEach() {
    QueuePartitions three = QueuePartitions.of("ao", "spread", 3);
    Set<Integer> masters = new HashSet<>();
    for (QueueKeys keys : three.all()) {
      assertThat(cluster.keySlot(keys.stream()))
          .as("our slot rule is the server's")
          .isEqualTo(ClusterSlot.of(keys.stream()));
      assertThat(cluster.masterPortOf(keys.task("t")))
          .isEqualTo(cluster.masterPortOf(keys.stream()));
      masters.add(cluster.masterPortOf(keys.stream()));
    }
    assertThat(masters).hasSize(3);

    List<Integer> ofSix = new ArrayList<>();
    QueuePartitions.of("ao", "spread", 6)
        .all()
        .forEach(keys -> ofSix.add(cluster.masterPortOf(keys.stream())));
    for (var node : cluster.nodes()) {
      assertThat(ofSix)
          .as("partitions on port " + node.port())
          .filteredOn(port -> port == node.port())
          .hasSize(2);
    }
  }

  @Test
  void oneWorkerDrainsEveryPartitionAndDeadLettersAreListedAcrossThem() {
    PartitionedQueue queue =
        new PartitionedQueue(redis, QueuePartitions.of("ao", "drained", 3), 3600);
    await(queue.ensureGroups());
    List<String> ids = new ArrayList<>();
    List<Future<?>> enqueued = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      NewTask task = NewTask.of("noop", new JsonObject().put("i", i), 3);
      ids.add(task.id());
      enqueued.add(queue.enqueue(task));
    }
    List<String> doomed = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      NewTask task = NewTask.of("no_such_type", null, 1);
      doomed.add(task.id());
      enqueued.add(queue.enqueue(task));
    }
    await(Future.all(enqueued));
    for (QueueKeys keys : queue.partitions().all()) {
      assertThat(xlen(keys.stream()))
          .as("tasks routed to partition " + keys.partition())
          .isGreaterThan(20);
    }
    assertThat(await(new QueueInspector(redis).stats(queue.partitions())).depth()).isEqualTo(309);

    await(
        InProcessWorker.deploy(
            vertx,
            cluster,
            "drained",
            3,
            HandlerRegistry.withBuiltIns(),
            TestSettings.fast("partitioned"),
            null));

    eventually(
        Duration.ofSeconds(30),
        () ->
            ids.stream().allMatch(id -> state(queue, id) == TaskState.SUCCEEDED)
                && doomed.stream().allMatch(id -> state(queue, id) == TaskState.DEAD));
    for (QueueKeys keys : queue.partitions().all()) {
      assertThat(xlen(keys.stream())).as("partition " + keys.partition() + " drained").isZero();
    }

    Set<Integer> deadIn = new HashSet<>();
    doomed.forEach(id -> deadIn.add(queue.partitions().routed(id).partition()));
    assertThat(deadIn).as("the dead tasks are spread too").hasSizeGreaterThan(1);
    List<String> listed = new ArrayList<>();
    String cursor = null;
    do {
      var page = await(queue.deadLetters(cursor, 4));
      page.items().forEach(item -> listed.add(item.getString("task_id")));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(listed)
        .as("every partition's dead letters, each once, over pages")
        .containsExactlyInAnyOrderElementsOf(doomed);

    // an operator's re-drive and discard find the task in whichever partition holds it
    assertThat(await(queue.discard(doomed.get(1)))).isTrue();
    assertThat(await(queue.redrive(doomed.get(0))).applied()).isTrue();
    List<String> expected = new ArrayList<>(doomed);
    expected.remove(1);
    // the re-driven task has no handler either: it runs once more and is dead again
    eventually(
        Duration.ofSeconds(10),
        () ->
            await(queue.deadLetters(null, 50)).items().stream()
                .map(item -> item.getString("task_id"))
                .sorted()
                .toList()
                .equals(expected.stream().sorted().toList()));
    assertThat(await(queue.status(doomed.get(0))).get("redriven_at")).isNotNull();
  }

  private TaskState state(PartitionedQueue queue, String id) {
    TaskStatus status = await(queue.status(id));
    return status == null ? null : status.state();
  }

  private long xlen(String key) {
    return await(redis.send(Request.cmd(Command.XLEN).arg(key))).toLong();
  }
}
