package io.ao.worker;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WorkerPipelineContract} against a 3-master Redis Cluster. */
@ExtendWith(RedisClusterExtension.class)
class WorkerPipelineClusterTest extends WorkerPipelineContract {

  WorkerPipelineClusterTest(LocalRedisCluster cluster) {
    super(cluster);
  }
}
