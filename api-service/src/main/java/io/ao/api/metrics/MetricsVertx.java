package io.ao.api.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;

/** A Vert.x whose HTTP server, pools and JVM report to the given Prometheus registry. */
public final class MetricsVertx {

  private MetricsVertx() {}

  public static Vertx create(PrometheusMeterRegistry registry) {
    // Latency histograms (buckets) for the HTTP server, so Prometheus can compute percentiles.
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().startsWith("vertx.http.server.response.time")
                    ? DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        // exact buckets at the latency SLO's 0.5 s (the alerts' le="0.5") and
                        // beside it; timer boundaries are in nanoseconds
                        .serviceLevelObjectives(
                            Duration.ofMillis(100).toNanos(),
                            Duration.ofMillis(250).toNanos(),
                            Duration.ofMillis(500).toNanos(),
                            Duration.ofSeconds(1).toNanos())
                        .build()
                        .merge(config)
                    : config;
              }
            });
    return Vertx.builder()
        .with(
            new VertxOptions()
                .setMetricsOptions(
                    new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)
                        // the route template (/api/leads/:id), which vertx-web reports: bounded,
                        // unlike the raw path, and it tells the endpoints apart
                        .addLabels(Label.HTTP_ROUTE)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
