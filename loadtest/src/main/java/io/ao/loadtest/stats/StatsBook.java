package io.ao.loadtest.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.HdrHistogram.Histogram;

/** Every endpoint's figures, plus an "All" row, and a per-second history for the report. */
public final class StatsBook {

  public static final String ALL = "All";

  /** The outcome a 429 answer is recorded as. */
  public static final String RATE_LIMITED = "HTTP 429";

  private final Map<String, EndpointStats> byName = new ConcurrentSkipListMap<>();
  private final EndpointStats all = new EndpointStats(ALL);
  private final List<JsonObject> history = new ArrayList<>();
  private final long startedAt = System.nanoTime();

  public void record(String endpoint, long latencyMicros, boolean success) {
    record(endpoint, latencyMicros, success, success ? "" : "failed");
  }

  /** {@code outcome}: the HTTP status, or the error, when the request failed. */
  public void record(String endpoint, long latencyMicros, boolean success, String outcome) {
    byName.computeIfAbsent(endpoint, EndpointStats::new).record(latencyMicros, success, outcome);
    all.record(latencyMicros, success, outcome);
  }

  /** A set-up request (a user's login): its own row, kept out of the "All" row. */
  public void recordSetup(String name, long latencyMicros, boolean success, String outcome) {
    byName.computeIfAbsent(name, EndpointStats::new).record(latencyMicros, success, outcome);
  }

  public EndpointStats endpoint(String name) {
    return ALL.equals(name) ? all : byName.get(name);
  }

  public List<EndpointStats> endpoints() {
    return new ArrayList<>(byName.values());
  }

  public EndpointStats all() {
    return all;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startedAt) / 1e9;
  }

  /** One row of the per-second history (called once a second by the runner). */
  public synchronized JsonObject tick(int activeUsers) {
    Histogram interval = all.interval();
    JsonObject row =
        new JsonObject()
            .put("second", Math.round(elapsedSeconds()))
            .put("requests", interval.getTotalCount())
            .put("users", activeUsers)
            .put("p50_ms", millis(interval, 50))
            .put("p95_ms", millis(interval, 95))
            .put("p99_ms", millis(interval, 99))
            .put("max_ms", interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1000.0);
    history.add(row);
    return row;
  }

  public synchronized List<JsonObject> history() {
    return List.copyOf(history);
  }

  /** The figures of one endpoint as the report and the JSON summary show them. */
  public JsonObject summaryOf(EndpointStats stats, double seconds) {
    Histogram histogram = stats.total();
    return new JsonObject()
        .put("name", stats.name())
        .put("requests", stats.requests())
        .put("failures", stats.failures())
        .put("rps", seconds <= 0 ? 0 : Math.round(stats.requests() / seconds * 10) / 10.0)
        .put("p50_ms", millis(histogram, 50))
        .put("p90_ms", millis(histogram, 90))
        .put("p95_ms", millis(histogram, 95))
        .put("p99_ms", millis(histogram, 99))
        .put("p99_9_ms", millis(histogram, 99.9))
        .put("max_ms", histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1000.0)
        .put("failures_by", new JsonObject(new LinkedHashMap<>(stats.failuresByOutcome())));
  }

  /**
   * Latency at each percentile of a log scale (50, 75, 87.5, ... 99.999) of all requests, for the
   * report.
   */
  public JsonArray percentileDistribution() {
    Histogram histogram = all.total();
    JsonArray points = new JsonArray();
    if (histogram.getTotalCount() == 0) {
      return points;
    }
    for (double percentile :
        new double[] {
          0, 25, 50, 75, 87.5, 90, 93.75, 95, 96.875, 98.4375, 99, 99.2, 99.5, 99.9, 99.99, 99.999,
          100
        }) {
      points.add(
          new JsonObject()
              .put("percentile", percentile)
              .put("ms", histogram.getValueAtPercentile(percentile) / 1000.0));
    }
    return points;
  }

  public JsonObject summary(double seconds) {
    JsonArray endpoints = new JsonArray();
    endpoints().forEach(stats -> endpoints.add(summaryOf(stats, seconds)));
    return new JsonObject()
        .put("duration_s", Math.round(seconds * 10) / 10.0)
        .put("endpoints", endpoints)
        .put("total", summaryOf(all, seconds))
        .put("rate_limited", rateLimited(endpoints))
        .put("percentile_distribution", percentileDistribution());
  }

  /**
   * The 429 answers among every request made, set-up requests (logins) included: when they are
   * many, the run measured the rate limiter rather than the API.
   */
  static JsonObject rateLimited(JsonArray endpoints) {
    long requests = 0;
    long limited = 0;
    for (Object each : endpoints) {
      JsonObject row = (JsonObject) each;
      requests += row.getLong("requests");
      limited += row.getJsonObject("failures_by", new JsonObject()).getLong(RATE_LIMITED, 0L);
    }
    return new JsonObject()
        .put("responses", limited)
        .put("of_requests", requests)
        .put("share", requests == 0 ? 0.0 : Math.round(limited * 10_000.0 / requests) / 10_000.0);
  }

  static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
