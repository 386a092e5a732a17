package io.ao.system;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WorkflowEngineContract} against a 3-master Redis Cluster, the default queue in three
 * partitions.
 */
@ExtendWith(RedisClusterExtension.class)
class WorkflowEngineClusterTest extends WorkflowEngineContract {

  WorkflowEngineClusterTest(LocalRedisCluster cluster) {
    super(cluster, 3);
  }
}
