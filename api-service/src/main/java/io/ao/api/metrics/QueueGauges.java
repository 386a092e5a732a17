package io.ao.api.metrics;

import io.ao.api.health.RedisHealthMonitor;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.QueueStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/** Queue figures and task counters for Prometheus, read from the monitor's last probe. */
public final class QueueGauges {

  private final MeterRegistry registry;
  private final Map<String, Counter> enqueued = new ConcurrentHashMap<>();

  public QueueGauges(
      MeterRegistry registry, RedisHealthMonitor monitor, List<QueuePartitions> queues) {
    this.registry = registry;
    for (QueuePartitions keys : queues) {
      gauge(
          "ao_queue_depth",
          "Entries on the stream: waiting plus in progress",
          keys,
          monitor,
          QueueStats::depth);
      gauge(
          "ao_queue_pending",
          "Delivered, not yet acknowledged",
          keys,
          monitor,
          QueueStats::pending);
      gauge("ao_queue_delayed", "Waiting for a retry", keys, monitor, QueueStats::delayed);
      gauge("ao_queue_dead", "On the dead-letter list", keys, monitor, QueueStats::dead);
      Gauge.builder(
              "ao_queue_oldest_pending_age_seconds",
              monitor,
              m -> {
                QueueStats stats = m.latest(keys.queue());
                return stats == null ? Double.NaN : stats.oldestPendingAgeMs() / 1000.0;
              })
          .description("Age of the oldest delivered, unacknowledged entry; 0 when none")
          .tag("queue", keys.queue())
          .register(registry);
      Gauge.builder(
              "ao_queue_lag",
              monitor,
              m -> {
                QueueStats stats = m.latest(keys.queue());
                return stats == null || stats.lag() == null ? Double.NaN : stats.lag();
              })
          .description("Entries not yet delivered to the workers (Redis 7+; NaN before)")
          .tag("queue", keys.queue())
          .register(registry);
      Gauge.builder(
              "ao_queue_workers_live",
              monitor,
              m -> {
                Long live = m.liveWorkers(keys.queue());
                return live == null ? Double.NaN : live;
              })
          .description("Workers whose heartbeat is younger than 3 heartbeat intervals")
          .tag("queue", keys.queue())
          .register(registry);
    }
    Gauge.builder("ao_redis_up", monitor, m -> m.isUp() ? 1 : 0)
        .description("1 while Redis answers the API's probe")
        .register(registry);
  }

  private void gauge(
      String name,
      String description,
      QueuePartitions keys,
      RedisHealthMonitor monitor,
      ToLongFunction<QueueStats> figure) {
    Gauge.builder(
            name,
            monitor,
            m -> {
              QueueStats stats = m.latest(keys.queue());
              return stats == null ? Double.NaN : figure.applyAsLong(stats);
            })
        .description(description)
        .tag("queue", keys.queue())
        .register(registry);
  }

  /**
   * Counts a task the API enqueued, by queue and type: through POST /api/tasks, a lead's change or
   * a workflow's first step. (A workflow's later steps are enqueued by the worker.)
   */
  public void enqueued(String queue, String type) {
    enqueued
        .computeIfAbsent(
            queue + '\u0000' + type,
            key ->
                Counter.builder("ao_tasks_enqueued_total")
                    .description("Tasks enqueued by the API")
                    .tag("queue", queue)
                    .tag("type", type)
                    .register(registry))
        .increment();
  }
}
