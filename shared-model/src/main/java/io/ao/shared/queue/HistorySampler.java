package io.ao.shared.queue;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the depth of {@link QueueHistory} up: every few seconds it offers each partition's depth
 * for the current minute, and the first offer of the minute, from any API or worker instance, is
 * the one recorded. Looking several times a minute means a minute is sampled near its start even
 * when one instance is slow or stopped.
 */
public final class HistorySampler {

  static final long INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(HistorySampler.class);

  private final Vertx vertx;
  private final QueueHistory history;
  private final List<QueueKeys> partitions;
  private final LongSupplier clock;
  private long timer = -1;

  public HistorySampler(Vertx vertx, Redis redis, List<QueueKeys> partitions, LongSupplier clock) {
    this.vertx = vertx;
    this.history = new QueueHistory(redis);
    this.partitions = List.copyOf(partitions);
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(0, INTERVAL_MS, id -> sampleAll());
  }

  public void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void sampleAll() {
    long now = clock.getAsLong();
    for (QueueKeys keys : partitions) {
      history
          .sample(keys, now)
          .onFailure(
              failure ->
                  LOG.debug("history of {} not sampled: {}", keys.stream(), failure.getMessage()));
    }
  }
}
