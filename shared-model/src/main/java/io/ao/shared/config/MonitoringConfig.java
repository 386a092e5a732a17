package io.ao.shared.config;

/**
 * Health thresholds and metrics rendering ({@code monitoring} section).
 *
 * @param queueDepthWarn above this many waiting tasks, health reports "degraded"
 * @param metricsMaxAgeMs how old the Prometheus text served at /metrics may be (0 = render on every
 *     scrape)
 * @param metricsToken when not empty, the API's /metrics answers only {@code Authorization: Bearer
 *     <token>}; a secret, so set it through {@code AO_MONITORING_METRICS_TOKEN}
 * @param metricsPort when above 0, the API serves /metrics on this port only, not on the API port
 */
public record MonitoringConfig(
    long queueDepthWarn, long metricsMaxAgeMs, String metricsToken, int metricsPort) {

  /** Long enough that guessing it over the network is hopeless. */
  static final int MIN_TOKEN_LENGTH = 16;

  static MonitoringConfig read(ConfigReader config) {
    String token = config.string("monitoring.metrics_token");
    config.check(
        token.isEmpty() || (token.length() >= MIN_TOKEN_LENGTH && token.strip().equals(token)),
        "monitoring.metrics_token",
        "empty (no token) or at least "
            + MIN_TOKEN_LENGTH
            + " characters without surrounding spaces (set AO_MONITORING_METRICS_TOKEN)");
    return new MonitoringConfig(
        config.requiredLong("monitoring.queue_depth_warn", 0, Long.MAX_VALUE),
        config.requiredLong("monitoring.metrics_max_age_ms", 0, 60_000),
        token,
        config.requiredInt("monitoring.metrics_port", 0, 65_535));
  }

  public boolean metricsTokenRequired() {
    return !metricsToken.isEmpty();
  }

  public boolean metricsOnOwnPort() {
    return metricsPort > 0;
  }

  /** Never print the token. */
  @Override
  public String toString() {
    return "MonitoringConfig[queueDepthWarn="
        + queueDepthWarn
        + ", metricsMaxAgeMs="
        + metricsMaxAgeMs
        + ", metricsToken="
        + (metricsTokenRequired() ? "***" : "")
        + ", metricsPort="
        + metricsPort
        + "]";
  }
}
