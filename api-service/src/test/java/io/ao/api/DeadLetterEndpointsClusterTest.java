package io.ao.api;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DeadLetterEndpointsContract} against a 3-master Redis Cluster, the default queue in three
 * partitions.
 */
@ExtendWith(RedisClusterExtension.class)
class DeadLetterEndpointsClusterTest extends DeadLetterEndpointsContract {

  DeadLetterEndpointsClusterTest(LocalRedisCluster cluster) {
    super(cluster, 3);
  }
}
