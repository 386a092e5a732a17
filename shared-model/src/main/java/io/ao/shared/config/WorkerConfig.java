package io.ao.shared.config;

/**
 * The task worker ({@code worker} section).
 *
 * @param httpPort the worker's own health/metrics port
 * @param concurrency tasks in flight at most
 * @param batchSize entries fetched per XREADGROUP
 * @param shutdownGraceMs on stop, how long in-flight tasks may finish before the worker exits
 * @param taskTimeoutMs a handler running longer fails its attempt
 * @param promoteIntervalMs how often due retries move from the delayed set back to the stream
 * @param reclaimIntervalMs how often stalled entries of dead workers are claimed
 */
public record WorkerConfig(
    int httpPort,
    String httpHost,
    int concurrency,
    int batchSize,
    long heartbeatIntervalMs,
    long shutdownGraceMs,
    long taskTimeoutMs,
    long promoteIntervalMs,
    long reclaimIntervalMs) {

  private static final long ONE_HOUR_MS = 3_600_000L;

  static WorkerConfig read(ConfigReader config) {
    return new WorkerConfig(
        config.requiredInt("worker.http_port", 1, 65_535),
        config.nonBlankString("worker.http_host"),
        config.requiredInt("worker.concurrency", 1, 10_000),
        config.requiredInt("worker.batch_size", 1, 1000),
        config.durationMs("worker.heartbeat_interval_ms", 100, 60_000),
        config.durationMs("worker.shutdown_grace_ms", 0, 600_000),
        config.durationMs("worker.task_timeout_ms", 1, ONE_HOUR_MS),
        config.durationMs("worker.promote_interval_ms", 10, 60_000),
        config.durationMs("worker.reclaim_interval_ms", 100, ONE_HOUR_MS));
  }
}
