package io.ao.system;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LeadIntakeWorkflowContract} against a 3-master Redis Cluster, the default queue in three
 * partitions.
 */
@ExtendWith(RedisClusterExtension.class)
class LeadIntakeWorkflowClusterTest extends LeadIntakeWorkflowContract {

  LeadIntakeWorkflowClusterTest(LocalRedisCluster cluster) {
    super(cluster, 3);
  }
}
