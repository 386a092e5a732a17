package io.ao.api.leads;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LeadsContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class LeadsTest extends LeadsContract {

  LeadsTest(LocalRedisServer server) {
    super(server, Map.of());
  }
}
