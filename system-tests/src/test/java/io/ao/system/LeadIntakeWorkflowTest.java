package io.ao.system;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LeadIntakeWorkflowContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class LeadIntakeWorkflowTest extends LeadIntakeWorkflowContract {

  LeadIntakeWorkflowTest(LocalRedisServer redis) {
    super(redis, 1);
  }
}
