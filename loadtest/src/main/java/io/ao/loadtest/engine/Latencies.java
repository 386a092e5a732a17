package io.ao.loadtest.engine;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Percentiles of one HdrHistogram as the benchmarks report them. */
final class Latencies {

  private Latencies() {}

  /** Up to 10 minutes, 3 significant digits, in whatever unit the caller records. */
  static Histogram histogram() {
    return new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  }

  /** count, p50, p90, p99, p99.9, max, each divided by {@code scale} (1000: µs → ms). */
  static JsonObject summary(Histogram histogram, double scale) {
    return new JsonObject()
        .put("count", histogram.getTotalCount())
        .put("p50", round(histogram.getValueAtPercentile(50) / scale))
        .put("p90", round(histogram.getValueAtPercentile(90) / scale))
        .put("p99", round(histogram.getValueAtPercentile(99) / scale))
        .put("p99_9", round(histogram.getValueAtPercentile(99.9) / scale))
        .put("max", round(histogram.getMaxValue() / scale));
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
