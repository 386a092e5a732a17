package io.ao.shared.config;

/**
 * Health thresholds ({@code monitoring} section).
 *
 * @param queueDepthWarn above this many waiting tasks, health reports "degraded"
 */
public record MonitoringConfig(long queueDepthWarn) {

  static MonitoringConfig read(ConfigReader config) {
    return new MonitoringConfig(config.requiredLong("monitoring.queue_depth_warn", 0, Long.MAX_VALUE));
  }
}
