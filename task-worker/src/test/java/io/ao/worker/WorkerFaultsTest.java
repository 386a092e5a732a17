package io.ao.worker;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WorkerFaultsContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class WorkerFaultsTest extends WorkerFaultsContract {

  WorkerFaultsTest(LocalRedisServer server) {
    super(server);
  }
}
