package io.ao.shared.queue;

import io.ao.shared.redis.ClusterSlot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The partitions of one queue: N streams (with their delayed, dead-letter and status keys), each
 * under a hash tag of its own, so a cluster spreads one queue over its masters while every script
 * still touches one slot.
 *
 * <p>Partition 0, the home partition, is tagged with the queue name alone: with one partition the
 * keys are exactly those of an unpartitioned queue. Cut the 16384 slots into N even slices; the
 * home slot lies in slice h. Partition i's tag is {@code <queue>:<i>}, or {@code <queue>:<i>.<k>}
 * for the smallest k, whose slot lies in the middle half of slice (h + i) mod N. An evenly sliced
 * cluster (what {@code redis-cli --cluster create} makes, or the test harness) so serves N
 * partitions from min(N, masters) different masters, where plain hashing would put two of three
 * partitions on one master two times in three.
 *
 * <p>A task lives in the partition its id routes to: the CRC16 of the id up to its first '.' (the
 * whole id when there is none), modulo N; a workflow run and its steps ({@code <run>.<i>.<step>})
 * so share a partition. The exception is the tasks written by one script together with a lead: a
 * lead keeps global indexes (the email index, the listing) that must change atomically with it, so
 * leads and their tasks live in the home partition. Hence {@link #candidates}: routed partition,
 * then home.
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
    int homeSlice = (int) ((long) ClusterSlot.of(queue) * count / ClusterSlot.SLOTS);
    for (int i = 1; i < count; i++) {
      keys.add(new QueueKeys(prefix, queue, i, tagFor(queue, i, (homeSlice + i) % count, count)));
    }
    return new QueuePartitions(queue, keys);
  }

  private static String tagFor(String queue, int partition, int slice, int count) {
    long start = (long) slice * ClusterSlot.SLOTS / count;
    long end = (long) (slice + 1) * ClusterSlot.SLOTS / count;
    long margin = (end - start) / 4; // off the edges, where another slicing may cut differently
    for (int k = 0; ; k++) {
      String tag = queue + ":" + partition + (k == 0 ? "" : "." + k);
      int slot = ClusterSlot.of(tag);
      if (slot >= start + margin && slot < end - margin) {
        return tag; // about 1 in 2N tags fits, so this ends after a few dozen tries at most
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
