package io.ao.worker;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WorkerPipelineContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class WorkerPipelineTest extends WorkerPipelineContract {

  WorkerPipelineTest(LocalRedisServer server) {
    super(server);
  }
}
