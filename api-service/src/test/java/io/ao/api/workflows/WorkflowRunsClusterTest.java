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

  @Test
  void runsAndTheirStepsLiveOnTheMasterOfTheirPartition() {
    QueuePartitions partitions = QueuePartitions.of("ao", "default", 3);
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis =
          SharedConnectionRedis.create(vertx, RedisClientOptions.cluster(cluster.clusterUrls()));
      Set<Integer> masters =
          manyRuns().stream()
              .map(
                  runId -> {
                    QueueKeys partition = partitions.routed(runId);
                    String stepKey = partition.task(runId + ".0.crm_sync");
                    String runKey = new WorkflowKeys(partition).run(runId);
                    assertThat(
                            await(redis.send(Request.cmd(Command.EXISTS).arg(stepKey).arg(runKey)))
                                .toInteger())
                        .as(
                            "run "
                                + runId
                                + " and its first step in partition "
                                + partition.partition())
                        .isEqualTo(2);
                    return cluster.masterPortOf(stepKey);
                  })
              .collect(Collectors.toSet());
      assertThat(masters).as("nine runs over three partitions").hasSizeGreaterThan(1);
    } finally {
      await(vertx.close());
    }
  }
}
