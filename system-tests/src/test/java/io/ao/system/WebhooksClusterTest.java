package io.ao.system;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WebhooksContract} against a 3-master Redis Cluster, the default queue in three partitions:
 * the lead and run scripts' deliveries stay in their slot.
 */
@ExtendWith(RedisClusterExtension.class)
class WebhooksClusterTest extends WebhooksContract {

  WebhooksClusterTest(LocalRedisCluster cluster) {
    super(cluster, 3);
  }
}
