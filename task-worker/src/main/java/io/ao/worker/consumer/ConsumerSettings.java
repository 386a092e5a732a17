package io.ao.worker.consumer;

/**
 * How one worker consumes its queues. concurrency: tasks in flight at most; batchSize: entries per
 * XREADGROUP; visibilityTimeoutMs: idle time after which another worker takes a pending entry over.
 */
public record ConsumerSettings(
    String workerId,
    int concurrency,
    int batchSize,
    long blockMs,
    long visibilityTimeoutMs,
    long promoteIntervalMs,
    long reclaimIntervalMs,
    long heartbeatIntervalMs,
    long taskTimeoutMs,
    long shutdownGraceMs,
    long retryBaseDelayMs,
    long retryMaxDelayMs,
    long taskRetentionSeconds) {

  public ConsumerSettings {
    if (concurrency < 1 || batchSize < 1) {
      throw new IllegalArgumentException("concurrency and batch size must be >= 1");
    }
  }

  public ConsumerSettings withWorkerId(String id) {
    return new ConsumerSettings(
        id,
        concurrency,
        batchSize,
        blockMs,
        visibilityTimeoutMs,
        promoteIntervalMs,
        reclaimIntervalMs,
        heartbeatIntervalMs,
        taskTimeoutMs,
        shutdownGraceMs,
        retryBaseDelayMs,
        retryMaxDelayMs,
        taskRetentionSeconds);
  }

  public ConsumerSettings withConcurrency(int value) {
    return new ConsumerSettings(
        workerId,
        value,
        Math.min(batchSize, value),
        blockMs,
        visibilityTimeoutMs,
        promoteIntervalMs,
        reclaimIntervalMs,
        heartbeatIntervalMs,
        taskTimeoutMs,
        shutdownGraceMs,
        retryBaseDelayMs,
        retryMaxDelayMs,
        taskRetentionSeconds);
  }
}
