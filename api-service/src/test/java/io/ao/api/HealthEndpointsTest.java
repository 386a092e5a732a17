package io.ao.api;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link HealthEndpointsContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class HealthEndpointsTest extends HealthEndpointsContract {

  HealthEndpointsTest(LocalRedisServer server) {
    super(server);
  }
}
