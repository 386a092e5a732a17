package io.ao.worker.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The worker's own meters: outcomes per task type, durations, pick-up latency, in flight. */
public final class WorkerMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong processed = new AtomicLong();
  private final Timer pickupLatency;
  private final Counter reclaimed;
  private final Counter promoted;
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> skips = new ConcurrentHashMap<>();

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("ao_worker_tasks_in_flight", inFlight, AtomicInteger::get)
        .description("Deliveries this worker is running now (at most worker.concurrency)")
        .register(registry);
    this.pickupLatency =
        Timer.builder("ao_worker_task_pickup_latency")
            .description("Time from enqueue (or retry due time) to a worker starting the task")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    this.reclaimed =
        Counter.builder("ao_worker_tasks_reclaimed_total")
            .description("Entries taken over from workers that stopped reporting (XAUTOCLAIM)")
            .register(registry);
    this.promoted =
        Counter.builder("ao_worker_retries_promoted_total")
            .description("Delayed retries moved back onto the stream")
            .register(registry);
  }

  void started(long enqueuedAt) {
    inFlight.incrementAndGet();
    if (enqueuedAt > 0) {
      pickupLatency.record(
          Math.max(0, System.currentTimeMillis() - enqueuedAt), TimeUnit.MILLISECONDS);
    }
  }

  void finished(String type, String outcome, long durationNanos) {
    inFlight.decrementAndGet();
    processed.incrementAndGet();
    // looked up once per type and outcome: building meter ids on every task shows in profiles
    String key = type + '\u0000' + outcome;
    outcomes
        .computeIfAbsent(
            key,
            k ->
                Counter.builder("ao_worker_tasks_total")
                    .description("Deliveries this worker finished, by task type and outcome")
                    .tag("type", type)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    durations
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("ao_worker_task_duration")
                    .description("Time a delivery's handler ran, by task type and outcome")
                    .tag("type", type)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(120))
                    .register(registry))
        .record(durationNanos, TimeUnit.NANOSECONDS);
  }

  /** A delivery that was dropped before running (stale, cancelled, or dead by lost attempts). */
  void skipped(String reason) {
    skips
        .computeIfAbsent(
            reason,
            key ->
                Counter.builder("ao_worker_deliveries_skipped_total")
                    .description("Deliveries dropped before running: stale, cancelled or dead")
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }

  void reclaimed(int count) {
    reclaimed.increment(count);
  }

  void promoted(int count) {
    promoted.increment(count);
  }

  public int inFlight() {
    return inFlight.get();
  }

  public long processed() {
    return processed.get();
  }
}
