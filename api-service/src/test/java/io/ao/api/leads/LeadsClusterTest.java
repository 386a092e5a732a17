package io.ao.api.leads;

import io.ao.devstack.junit.RedisClusterExtension;
import io.ao.devstack.redis.LocalRedisCluster;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LeadsContract} against a 3-master Redis Cluster, the default queue in three partitions.
 */
@ExtendWith(RedisClusterExtension.class)
class LeadsClusterTest extends LeadsContract {

  LeadsClusterTest(LocalRedisCluster cluster) {
    super(cluster, Map.of("AO_QUEUE_PARTITIONS", "3"));
  }
}
