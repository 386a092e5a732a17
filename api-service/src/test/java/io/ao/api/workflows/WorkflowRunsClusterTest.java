package io.ao.api.workflows;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WorkflowRunsContract} against a 3-master Redis Cluster, the default queue in three
 * partitions.
 */
@ExtendWith(RedisClusterExtension.class)
class WorkflowRunsClusterTest extends WorkflowRunsContract {

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void start(LocalRedisCluster started) {
    cluster = started;
    startApi(started, Map.of("AO_QUEUE_PARTITIONS", "3"));
  }

  /**
   * A lead write starts, resumes and cancels runs in its own script, so on a cluster a run, its
   * step tasks and its lead share the leads' slot: the home partition, whatever the partition count
   * (the other partitions carry the tasks clients enqueue directly).
   */
  @Test
  void runsAndTheirStepsLiveInTheLeadsSlot() {
    QueueKeys home = QueuePartitions.of("ao", "default", 3).home();
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis =
          SharedConnectionRedis.create(vertx, RedisClientOptions.cluster(cluster.clusterUrls()));
      Set<Integer> masters =
          manyRuns().stream()
              .map(
                  runId -> {
                    String stepKey = home.task(runId + ".0.crm_sync");
                    String runKey = new WorkflowKeys(home).run(runId);
                    assertThat(
                            await(redis.send(Request.cmd(Command.EXISTS).arg(stepKey).arg(runKey)))
                                .toInteger())
                        .as("run " + runId + " and its first step in the home partition")
                        .isEqualTo(2);
                    return cluster.masterPortOf(stepKey);
                  })
              .collect(Collectors.toSet());
      assertThat(masters).as("one slot").hasSize(1);
    } finally {
      await(vertx.close());
    }
  }
}
