package io.ao.api.health;

import io.ao.shared.queue.QueueInspector;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.QueueStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes Redis on a timer (PING and each queue's figures) so health answers and queue gauges cost
 * nothing per request, and notices Redis coming back within one period. Shared by every HTTP
 * verticle instance: its fields are safe to read from any thread.
 */
public final class RedisHealthMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHealthMonitor.class);

  private final Vertx vertx;
  private final Redis redis;
  private final QueueInspector inspector;
  private final List<QueuePartitions> queues;
  private final long periodMs;
  private final Map<String, QueueStats> latestStats = new ConcurrentHashMap<>();
  private volatile boolean up;
  private volatile long pingMicros;
  private long timer = -1;

  public RedisHealthMonitor(Vertx vertx, Redis redis, List<QueuePartitions> queues, long periodMs) {
    this.vertx = vertx;
    this.redis = redis;
    this.inspector = new QueueInspector(redis);
    this.queues = queues;
    this.periodMs = periodMs;
  }

  /** Probes once now (the result tells whether Redis answered), then every period. */
  public Future<Boolean> start() {
    timer = vertx.setPeriodic(periodMs, id -> probe());
    return probe();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  public Future<Boolean> probe() {
    long started = System.nanoTime();
    return redis
        .send(Request.cmd(Command.PING))
        .timeout(Math.max(250, periodMs), TimeUnit.MILLISECONDS)
        .compose(
            pong -> {
              pingMicros = (System.nanoTime() - started) / 1_000;
              markUp(true, null);
              return refreshStats();
            })
        .map(true)
        .recover(
            failure -> {
              markUp(false, failure);
              return Future.succeededFuture(false);
            });
  }

  private Future<Void> refreshStats() {
    List<Future<QueueStats>> reads = queues.stream().map(inspector::stats).toList();
    return Future.join(reads)
        .transform(
            done -> {
              reads.stream()
                  .filter(Future::succeeded)
                  .map(Future::result)
                  .forEach(stats -> latestStats.put(stats.queue(), stats));
              return Future.succeededFuture();
            });
  }

  private void markUp(boolean nowUp, Throwable failure) {
    if (nowUp != up) {
      if (nowUp) {
        LOG.info("Redis is reachable");
      } else {
        LOG.warn("Redis is unreachable: {}", failure == null ? "" : failure.getMessage());
      }
    }
    up = nowUp;
  }

  public boolean isUp() {
    return up;
  }

  public long pingMicros() {
    return pingMicros;
  }

  /** The figures of the last probe; null before the first successful one. */
  public QueueStats latest(String queue) {
    return latestStats.get(queue);
  }

  /** Sum of the depths seen by the last probe. */
  public long totalDepth() {
    return latestStats.values().stream().mapToLong(QueueStats::depth).sum();
  }
}
