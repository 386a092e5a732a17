package io.ao.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.redis.LocalRedisCluster;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisClusterExtension.class)
class RedisClusterExtensionTest {

  @Test
  void threeMastersOnFreeLoopbackPortsServeEverySlot(LocalRedisCluster cluster) {
    assertThat(cluster.nodes())
        .hasSize(3)
        .allSatisfy(
            node -> {
              assertThat(node.isRunning()).isTrue();
              assertThat(node.port()).isNotIn(6379, 6390).isLessThan(55_536);
            });
    assertThat(cluster.clusterUrls()).hasSize(3).contains(cluster.url());
    // hash tags decide the slot: keys with one tag share it, different tags spread
    assertThat(cluster.keySlot("ao:{default}:stream"))
        .isEqualTo(cluster.keySlot("ao:{default}:task:x"));
    Set<Integer> masters = new HashSet<>();
    for (String tag : new String[] {"a", "b", "c", "d", "e", "f", "g", "h"}) {
      masters.add(cluster.masterPortOf("{" + tag + "}"));
    }
    assertThat(masters).hasSize(3);
  }
}
