package io.ao.shared.queue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Redis key names of one queue partition. Every key carries the partition's hash tag ({@code
 * ao:{default}:stream}; partition 0 of a queue is tagged with the queue name alone) so the
 * multi-key Lua scripts run on Redis Cluster. {@link QueuePartitions} names the other partitions.
 */
public final class QueueKeys {

  /** The consumer group every worker reads through. */
  public static final String GROUP = "workers";

  private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final String prefix;
  private final String queue;
  private final int partition;
  private final String tagged;

  /** The queue's home partition (0), whose keys are the same with or without partitioning. */
  public QueueKeys(String prefix, String queue) {
    this(prefix, queue, 0, queue);
  }

  QueueKeys(String prefix, String queue, int partition, String hashTag) {
    Objects.requireNonNull(prefix, "prefix");
    if (!isValidQueueName(queue)) {
      throw new IllegalArgumentException(
          "queue name must match " + QUEUE_NAME + ", got '" + queue + "'");
    }
    this.prefix = prefix;
    this.queue = queue;
    this.partition = partition;
    this.tagged = prefix + ":{" + hashTag + "}:";
  }

  public static boolean isValidQueueName(String queue) {
    return queue != null && QUEUE_NAME.matcher(queue).matches();
  }

  public String queue() {
    return queue;
  }

  public String prefix() {
    return prefix;
  }

  public int partition() {
    return partition;
  }

  /**
   * The start shared by every key of this partition, e.g. {@code ao:{default}:}; keys that must be
   * written by the same scripts (leads, workflow runs) are built from it.
   */
  public String slotPrefix() {
    return tagged;
  }

  /** The work stream read by the consumer group. */
  public String stream() {
    return tagged + "stream";
  }

  /** Tasks waiting for a retry, scored by the time they are due (ms). */
  public String delayed() {
    return tagged + "delayed";
  }

  /** Dead-lettered tasks, one entry each, until re-driven or discarded. */
  public String dead() {
    return tagged + "dead";
  }

  /** Prefix of the task status hashes; the promoter script appends task ids to it. */
  public String taskPrefix() {
    return tagged + "task:";
  }

  public String task(String taskId) {
    return taskPrefix() + taskId;
  }

  /**
   * The partition's history bucket of one minute (minutes since the epoch): counters written by the
   * queue scripts and a depth sample; see {@link QueueHistory}.
   */
  public String history(long minute) {
    return tagged + "history:" + minute;
  }

  /** Live workers of this queue, scored by their last heartbeat (ms). */
  public String workers() {
    return tagged + "workers";
  }

  /** One worker's heartbeat hash; expires when the worker stops beating. */
  public String worker(String workerId) {
    return tagged + "worker:" + workerId;
  }
}
