package io.ao.system;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WebhooksContract} against one Redis server. */
@ExtendWith(RedisServerExtension.class)
class WebhooksEndToEndTest extends WebhooksContract {

  WebhooksEndToEndTest(LocalRedisServer redis) {
    super(redis, 1);
  }
}
