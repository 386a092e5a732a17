package io.ao.worker.consumer;

import io.ao.shared.queue.ConsumerGroup;
import io.ao.shared.queue.StreamEntry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over, every {@code reclaim_interval_ms}, the entries that other workers left idle for
 * longer than the visibility timeout (XAUTOCLAIM): those workers died mid-task. Takes no more than
 * the consumer's free concurrency.
 */
final class Recoverer {

  private static final Logger LOG = LoggerFactory.getLogger(Recoverer.class);

  private final Vertx vertx;
  private final Redis pool;
  private final ConsumerGroup group;
  private final String queueName;
  private final ConsumerSettings settings;
  private final InFlightDeliveries inFlight;
  private final WorkerMetrics metrics;
  private final Consumer<List<StreamEntry>> dispatch;
  private long timer = -1;

  Recoverer(
      Vertx vertx,
      Redis pool,
      ConsumerGroup group,
      String queueName,
      ConsumerSettings settings,
      InFlightDeliveries inFlight,
      WorkerMetrics metrics,
      Consumer<List<StreamEntry>> dispatch) {
    this.vertx = vertx;
    this.pool = pool;
    this.group = group;
    this.queueName = queueName;
    this.settings = settings;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.dispatch = dispatch;
  }

  void start() {
    timer = vertx.setPeriodic(settings.reclaimIntervalMs(), id -> reclaimIdle());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void reclaimIdle() {
    int free = inFlight.free();
    if (free <= 0) {
      return;
    }
    group
        .claimIdle(pool, settings.visibilityTimeoutMs(), free)
        .onSuccess(
            claimed -> {
              if (!claimed.isEmpty()) {
                LOG.info(
                    "queue {}: took over {} stalled task(s) from workers that stopped reporting",
                    queueName,
                    claimed.size());
                metrics.reclaimed(claimed.size());
                dispatch.accept(claimed);
              }
            })
        .onFailure(
            failure -> LOG.debug("queue {}: reclaim failed: {}", queueName, failure.getMessage()));
  }
}
