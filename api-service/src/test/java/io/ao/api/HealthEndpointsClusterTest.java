package io.ao.api;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link HealthEndpointsContract} against a 3-master Redis Cluster. */
@ExtendWith(RedisClusterExtension.class)
class HealthEndpointsClusterTest extends HealthEndpointsContract {

  HealthEndpointsClusterTest(LocalRedisCluster cluster) {
    super(cluster);
  }
}
