package io.ao.loadtest.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One endpoint's figures: requests, failures and latency (microseconds, HdrHistogram, 3 significant
 * digits). A Recorder hands out interval histograms for the per-second history while the total
 * keeps everything.
 */
public final class EndpointStats {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

  private final String name;
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);

  /** Failures by what went wrong: an HTTP status, or "error" when no answer came. */
  private final Map<String, LongAdder> failuresBy = new ConcurrentSkipListMap<>();

  public EndpointStats(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public void record(long latencyMicros, boolean success, String outcome) {
    requests.increment();
    if (!success) {
      failures.increment();
      failuresBy.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }
    recorder.recordValue(Math.max(1, Math.min(latencyMicros, MAX_MICROS)));
  }

  /** Moves what was recorded since the last call into the total; returns that interval. */
  public synchronized Histogram interval() {
    Histogram interval = recorder.getIntervalHistogram();
    total.add(interval);
    return interval;
  }

  public synchronized Histogram total() {
    interval();
    return total.copy();
  }

  public long requests() {
    return requests.sum();
  }

  public Map<String, Long> failuresByOutcome() {
    Map<String, Long> copy = new TreeMap<>();
    failuresBy.forEach((outcome, count) -> copy.put(outcome, count.sum()));
    return copy;
  }

  public long failures() {
    return failures.sum();
  }
}
