package io.ao.api.metrics;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The seed's request figures for GET /api/metrics, shared by every verticle instance: totals,
 * failures (status >= 400) and a latency histogram since start.
 *
 * <p>Event loops record into a {@link Recorder} (wait-free); a read moves what was recorded since
 * the last read into the since-start histogram and queries that, under one lock. A
 * ConcurrentHistogram allows concurrent recording but not a query during one: it throws
 * ConcurrentModificationException when a read meets a write.
 */
public final class RequestStats {

  private final LongAdder total = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAccumulator maxMicros = new LongAccumulator(Math::max, 0);
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
  private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
  private final Histogram sinceStart = new Histogram(HIGHEST_MICROS, 3);
  private Histogram interval;
  private final long startedAt = System.currentTimeMillis();

  /** Records the request when its response has been sent. */
  public void track(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(
        done -> record(ctx.response().getStatusCode(), (System.nanoTime() - started) / 1_000));
    ctx.next();
  }

  void record(int status, long micros) {
    total.increment();
    if (status >= 400) {
      failed.increment();
    }
    maxMicros.accumulate(micros);
    recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
  }

  public long total() {
    return total.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public synchronized double averageMillis() {
    Histogram latencies = latencies();
    return latencies.getTotalCount() == 0 ? 0 : latencies.getMean() / 1_000.0;
  }

  public double maxMillis() {
    return maxMicros.get() / 1_000.0;
  }

  public synchronized double p99Millis() {
    return latencies().getValueAtPercentile(99.0) / 1_000.0;
  }

  /** Callers hold the lock: the since-start histogram is only touched under it. */
  private Histogram latencies() {
    interval = recorder.getIntervalHistogram(interval);
    sinceStart.add(interval);
    return sinceStart;
  }

  public long uptimeSeconds() {
    return (System.currentTimeMillis() - startedAt) / 1_000;
  }
}
