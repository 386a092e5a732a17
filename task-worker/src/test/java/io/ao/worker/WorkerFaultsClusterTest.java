package io.ao.worker;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WorkerFaultsContract} against a 3-master Redis Cluster, with worker processes in cluster
 * mode.
 */
@ExtendWith(RedisClusterExtension.class)
class WorkerFaultsClusterTest extends WorkerFaultsContract {

  WorkerFaultsClusterTest(LocalRedisCluster cluster) {
    super(cluster);
  }
}
