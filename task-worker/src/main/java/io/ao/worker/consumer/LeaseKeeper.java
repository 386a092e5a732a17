package io.ao.worker.consumer;

import io.ao.shared.queue.ConsumerGroup;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this worker's long-running entries from looking idle: on every heartbeat it re-claims to
 * itself those it has held for a third of the visibility timeout, so no other worker's {@link
 * Recoverer} takes a task that is still running here.
 */
final class LeaseKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final Vertx vertx;
  private final Redis pool;
  private final ConsumerGroup group;
  private final String queueName;
  private final ConsumerSettings settings;
  private final InFlightDeliveries inFlight;
  private long timer = -1;

  LeaseKeeper(
      Vertx vertx,
      Redis pool,
      ConsumerGroup group,
      String queueName,
      ConsumerSettings settings,
      InFlightDeliveries inFlight) {
    this.vertx = vertx;
    this.pool = pool;
    this.group = group;
    this.queueName = queueName;
    this.settings = settings;
    this.inFlight = inFlight;
  }

  void start() {
    timer = vertx.setPeriodic(Math.max(1, settings.heartbeatIntervalMs()), id -> renew());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void renew() {
    List<String> old = inFlight.olderThan(settings.visibilityTimeoutMs() / 3);
    if (old.isEmpty()) {
      return;
    }
    group
        .keepOwned(pool, old)
        .onFailure(
            failure ->
                LOG.debug("queue {}: keep-alive failed: {}", queueName, failure.getMessage()));
  }
}
