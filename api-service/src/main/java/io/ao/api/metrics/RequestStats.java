package io.ao.api.metrics;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The seed's request figures for GET /api/metrics, shared by every verticle instance:
 * totals, failures (status >= 400) and a latency histogram since start.
 */
public final class RequestStats {

  private final LongAdder total = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAccumulator maxMicros = new LongAccumulator(Math::max, 0);
  private final Histogram latencyMicros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
  private final long startedAt = System.currentTimeMillis();

  /** Records the request when its response has been sent. */
  public void track(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> record(ctx.response().getStatusCode(), (System.nanoTime() - started) / 1_000));
    ctx.next();
  }

  void record(int status, long micros) {
    total.increment();
    if (status >= 400) {
      failed.increment();
    }
    maxMicros.accumulate(micros);
    latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
  }

  public long total() {
    return total.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public double averageMillis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1_000.0;
  }

  public double maxMillis() {
    return maxMicros.get() / 1_000.0;
  }

  public double p99Millis() {
    return latencyMicros.getValueAtPercentile(99.0) / 1_000.0;
  }

  public long uptimeSeconds() {
    return (System.currentTimeMillis() - startedAt) / 1_000;
  }
}
