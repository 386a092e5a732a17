package io.ao.shared.queue;

import io.ao.shared.redis.ClusterSlot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The partitions of one queue: N streams (with their delayed, dead-letter and status keys),
 * each under a hash tag of its own, so a cluster spreads one queue over its masters while
 * every script still touches one slot.
 *
 * <p>Partition 0, the home partition, is tagged with the queue name alone: with one
 * partition the keys are exactly those of an unpartitioned queue. Partition i's tag is
 * {@code <queue>:<i>}, or {@code <queue>:<i>.<k>} for the smallest k that puts it in the
 * i-th N-th of the slot ring counted from the home slot. An evenly sliced cluster (what
 * {@code redis-cli --cluster create} makes) so serves N partitions from as many masters as
 * it has, instead of the collisions plain hashing gives for small N.
 *
 * <p>A task lives in the partition its id routes to: the CRC16 of the id up to its first
 * '.' (the whole id when there is none), modulo N. The exception is the tasks written by one
 * script together with a lead or a workflow run: leads and runs keep global indexes (the
 * email index, the listings) that must change atomically with them, so they and their
 * tasks live in the home partition. Hence {@link #candidates}: routed partition, then home.
 */
public final class QueuePartitions {

  private final String queue;
  private final List<QueueKeys> partitions;

  private QueuePartitions(String queue, List<QueueKeys> partitions) {
    this.queue = queue;
    this.partitions = List.copyOf(partitions);
  }

  public static QueuePartitions of(String prefix, String queue, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a queue has at least one partition, got " + count);
    }
    List<QueueKeys> keys = new ArrayList<>(count);
    keys.add(new QueueKeys(prefix, queue));
    int homeSlot = ClusterSlot.of(queue);
    for (int i = 1; i < count; i++) {
      keys.add(new QueueKeys(prefix, queue, i, tagFor(queue, i, count, homeSlot)));
    }
    return new QueuePartitions(queue, keys);
  }

  private static String tagFor(String queue, int partition, int count, int homeSlot) {
    for (int k = 0; ; k++) {
      String tag = queue + ":" + partition + (k == 0 ? "" : "." + k);
      int distance = Math.floorMod(ClusterSlot.of(tag) - homeSlot, ClusterSlot.SLOTS);
      if ((long) distance * count / ClusterSlot.SLOTS == partition) {
        return tag; // about 1 in N tags fits, so this ends after a few tries
      }
    }
  }

  public String queue() {
    return queue;
  }

  public int count() {
    return partitions.size();
  }

  public List<QueueKeys> all() {
    return partitions;
  }

  public QueueKeys home() {
    return partitions.get(0);
  }

  public QueueKeys routed(String taskId) {
    if (partitions.size() == 1) {
      return home();
    }
    int dot = taskId.indexOf('.');
    String routingKey = dot > 0 ? taskId.substring(0, dot) : taskId;
    return partitions.get(ClusterSlot.of(routingKey) % partitions.size());
  }

  /** Where a task with this id may be: its routed partition, then the home partition. */
  public List<QueueKeys> candidates(String taskId) {
    Set<QueueKeys> candidates = new LinkedHashSet<>();
    candidates.add(routed(taskId));
    candidates.add(home());
    return List.copyOf(candidates);
  }
}
