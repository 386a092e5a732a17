package io.ao.api.auth;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RateLimitContract} against a 3-master Redis Cluster: limiter keys of many principals
 * spread over the masters.
 */
@ExtendWith(RedisClusterExtension.class)
class RateLimitClusterTest extends RateLimitContract {

  RateLimitClusterTest(LocalRedisCluster cluster) {
    super(cluster);
  }
}
