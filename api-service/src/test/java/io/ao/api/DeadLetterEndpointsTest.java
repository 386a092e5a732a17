package io.ao.api;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DeadLetterEndpointsContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class DeadLetterEndpointsTest extends DeadLetterEndpointsContract {

  DeadLetterEndpointsTest(LocalRedisServer server) {
    super(server, 1);
  }
}
