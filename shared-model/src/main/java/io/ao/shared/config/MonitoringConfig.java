package io.ao.shared.config;

/**
 * Health thresholds and metrics rendering ({@code monitoring} section).
 *
 * @param queueDepthWarn above this many waiting tasks, health reports "degraded"
 * @param metricsMaxAgeMs how old the Prometheus text served at /metrics may be (0 = render on every
 *     scrape)
 */
public record MonitoringConfig(long queueDepthWarn, long metricsMaxAgeMs) {

  static MonitoringConfig read(ConfigReader config) {
    return new MonitoringConfig(
        config.requiredLong("monitoring.queue_depth_warn", 0, Long.MAX_VALUE),
        config.requiredLong("monitoring.metrics_max_age_ms", 0, 60_000));
  }
}
