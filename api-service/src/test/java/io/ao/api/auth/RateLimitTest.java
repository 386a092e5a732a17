package io.ao.api.auth;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RateLimitContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class RateLimitTest extends RateLimitContract {

  RateLimitTest(LocalRedisServer redis) {
    super(redis);
  }
}
