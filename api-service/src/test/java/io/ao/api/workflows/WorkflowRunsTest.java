package io.ao.api.workflows;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WorkflowRunsContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class WorkflowRunsTest extends WorkflowRunsContract {

  @BeforeAll
  static void start(LocalRedisServer server) {
    startApi(server, Map.of());
  }
}
