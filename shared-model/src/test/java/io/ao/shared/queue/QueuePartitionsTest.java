package io.ao.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.shared.redis.ClusterSlot;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueuePartitionsTest {

  @Test
  void slotsFollowRedisRules() {
    // the test vector of the Redis Cluster specification: CRC16("123456789") = 0x31C3
    assertThat(ClusterSlot.of("123456789")).isEqualTo(0x31C3);
    assertThat(ClusterSlot.of("ao:{default}:stream")).isEqualTo(ClusterSlot.of("default"));
    assertThat(ClusterSlot.of("x{}y{z}")).isNotEqualTo(ClusterSlot.of("z"));
  }

  @Test
  void onePartitionKeepsTheUnpartitionedKeyNames() {
    QueuePartitions one = QueuePartitions.of("ao", "default", 1);
    assertThat(one.all())
        .singleElement()
        .satisfies(
            keys -> {
              assertThat(keys.stream()).isEqualTo("ao:{default}:stream");
              assertThat(keys.task("t1")).isEqualTo("ao:{default}:task:t1");
            });
    assertThat(one.routed("anything")).isSameAs(one.home());
  }

  @Test
  void partitionsSitInDifferentEvenSlicesOfTheSlots() {
    for (int count : new int[] {2, 3, 4, 8, 64}) {
      QueuePartitions partitions = QueuePartitions.of("ao", "default", count);
      assertThat(partitions.home().stream()).isEqualTo("ao:{default}:stream");
      Set<Integer> slices = new HashSet<>();
      for (QueueKeys keys : partitions.all()) {
        slices.add(ClusterSlot.of(keys.stream()) * count / ClusterSlot.SLOTS);
        // every key of a partition shares its slot
        assertThat(ClusterSlot.of(keys.task("x"))).isEqualTo(ClusterSlot.of(keys.stream()));
        assertThat(ClusterSlot.of(keys.dead())).isEqualTo(ClusterSlot.of(keys.delayed()));
      }
      assertThat(slices).as(count + " partitions").hasSize(count);
    }
  }

  @Test
  void tasksRouteByTheirIdUpToTheFirstDotAndSpread() {
    QueuePartitions partitions = QueuePartitions.of("ao", "default", 4);
    assertThat(partitions.routed("run-1.0.process"))
        .isSameAs(partitions.routed("run-1.2.follow_up"));
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      used.add(partitions.routed("task-" + i).partition());
    }
    assertThat(used).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(partitions.candidates("task-1")).endsWith(partitions.home());
  }
}
