package io.ao.system;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WorkflowEngineContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class WorkflowEngineTest extends WorkflowEngineContract {

  WorkflowEngineTest(LocalRedisServer redis) {
    super(redis, 1);
  }
}
