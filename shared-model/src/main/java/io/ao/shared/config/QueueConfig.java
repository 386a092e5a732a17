package io.ao.shared.config;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The task queues and their delivery rules ({@code queue} section).
 *
 * @param visibilityTimeoutMs a pending entry idle this long is taken over by another worker
 * @param taskRetentionSeconds how long a finished task's status hash is kept
 * @param maxAttempts attempts before a task is dead-lettered
 * @param partitions streams per queue, each under a hash tag of its own (spread over a cluster's
 *     masters)
 */
public record QueueConfig(
    List<String> queues,
    long visibilityTimeoutMs,
    long taskRetentionSeconds,
    int maxAttempts,
    long retryBaseDelayMs,
    long retryMaxDelayMs,
    int partitions) {

  public static final int MAX_PARTITIONS = 64;

  // The same rule the queue protocol applies to names: they become the hash tag of every key.
  private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final long ONE_DAY_MS = 86_400_000L;
  private static final long ONE_YEAR_SECONDS = 365L * 86_400L;

  public QueueConfig {
    queues = List.copyOf(queues);
  }

  static QueueConfig read(ConfigReader config) {
    QueueConfig queue =
        new QueueConfig(
            config.stringList(
                "queue.queues", QUEUE_NAME, "a queue name of 1-64 characters of A-Z a-z 0-9 _ -"),
            config.durationMs("queue.visibility_timeout_ms", 1000, ONE_DAY_MS),
            config.requiredLong("queue.task_retention_seconds", 60, ONE_YEAR_SECONDS),
            config.requiredInt("queue.max_attempts", 1, 100),
            config.durationMs("queue.retry_base_delay_ms", 1, ONE_DAY_MS),
            config.durationMs("queue.retry_max_delay_ms", 1, ONE_DAY_MS),
            config.requiredInt("queue.partitions", 1, MAX_PARTITIONS));
    config.check(
        new HashSet<>(queue.queues()).size() == queue.queues().size(),
        "queue.queues",
        "each queue named once, got " + ConfigValues.echo(queue.queues()));
    config.check(
        queue.retryMaxDelayMs() >= queue.retryBaseDelayMs(),
        "queue.retry_max_delay_ms",
        "at least queue.retry_base_delay_ms ("
            + queue.retryBaseDelayMs()
            + "), got "
            + queue.retryMaxDelayMs());
    return queue;
  }
}
