package io.ao.api.health;

import io.ao.shared.queue.QueueInspector;
import io.ao.shared.queue.QueuePartitions;
import io.ao.shared.queue.QueueStats;
import io.ao.shared.queue.WorkerRegistry;
import io.ao.shared.redis.RedisPlacement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
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
  private final WorkerRegistry workers;
  private final long workerStaleAfterMs;
  private final RedisPlacement placement;
  private final Map<String, QueueStats> latestStats = new ConcurrentHashMap<>();
  private final Map<String, Long> latestLiveWorkers = new ConcurrentHashMap<>();
  private volatile boolean up;
  private volatile boolean probed;
  private volatile long pingMicros;
  private long timer = -1;
  private boolean stopped;

  public RedisHealthMonitor(Vertx vertx, Redis redis, List<QueuePartitions> queues, long periodMs) {
    this(vertx, redis, queues, periodMs, 6_000, null);
  }

  /**
   * @param workerStaleAfterMs a worker counts as live while its last heartbeat is younger than this
   *     (what /health/detailed uses: three heartbeat intervals)
   * @param placement with it, each probe also reads the role of the node reached and, in sentinel
   *     mode, the master the Sentinels name; Redis counts as up only while that node is a master
   *     the Sentinels name, so readiness is 503 while no master is known (during a failover); null:
   *     no placement probe
   */
  public RedisHealthMonitor(
      Vertx vertx,
      Redis redis,
      List<QueuePartitions> queues,
      long periodMs,
      long workerStaleAfterMs,
      RedisPlacement placement) {
    this.placement = placement;
    this.vertx = vertx;
    this.redis = redis;
    this.inspector = new QueueInspector(redis);
    this.workers = new WorkerRegistry(redis);
    this.workerStaleAfterMs = workerStaleAfterMs;
    this.queues = queues;
    this.periodMs = periodMs;
  }

  /**
   * Probes once now and completes with whether Redis answered, then probes every period. The first
   * probe waits up to {@code firstAnswerMs} for its answer, not one period: it opens the first
   * connection, and a cold JVM's first connect and handshake, with another service starting on the
   * same cores, took 1.7 s against a Redis that was up, so a one-period timeout reported it
   * unreachable. A refused connection still fails at once.
   */
  public Future<Boolean> start(long firstAnswerMs) {
    return probe(firstAnswerMs)
        .andThen(
            first -> {
              if (!stopped) {
                timer = vertx.setPeriodic(periodMs, id -> probe());
              }
            });
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  public Future<Boolean> probe() {
    return probe(Math.max(250, periodMs));
  }

  private Future<Boolean> probe(long timeoutMs) {
    long started = System.nanoTime();
    return redis
        .send(Request.cmd(Command.PING))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .compose(
            pong -> {
              pingMicros = (System.nanoTime() - started) / 1_000;
              return placement == null
                  ? Future.succeededFuture(true)
                  : placement.probe(timeoutMs).map(RedisPlacement.Seen::hasMaster);
            })
        .compose(
            hasMaster -> {
              if (!hasMaster) {
                return Future.failedFuture(
                    "no master: the node reached is " + placement.seen().toJson().encode());
              }
              markUp(true, null);
              return refreshStats().map(true);
            })
        .recover(
            failure -> {
              markUp(false, failure);
              return Future.succeededFuture(false);
            });
  }

  private Future<Void> refreshStats() {
    List<Future<QueueStats>> reads = queues.stream().map(inspector::stats).toList();
    long now = System.currentTimeMillis();
    List<Future<Long>> live =
        queues.stream()
            .map(queue -> workers.countLive(queue.home(), now, workerStaleAfterMs))
            .toList();
    List<Future<?>> all = new ArrayList<>(reads);
    all.addAll(live);
    return Future.join(all)
        .transform(
            done -> {
              reads.stream()
                  .filter(Future::succeeded)
                  .map(Future::result)
                  .forEach(stats -> latestStats.put(stats.queue(), stats));
              for (int i = 0; i < queues.size(); i++) {
                if (live.get(i).succeeded()) {
                  latestLiveWorkers.put(queues.get(i).queue(), live.get(i).result());
                }
              }
              return Future.succeededFuture();
            });
  }

  /** Logs the first outcome and every change after it. */
  private void markUp(boolean nowUp, Throwable failure) {
    if (nowUp != up || !probed) {
      if (nowUp) {
        LOG.info("Redis is reachable");
      } else {
        LOG.warn("Redis is unreachable: {}", failure == null ? "" : failure.getMessage());
      }
    }
    up = nowUp;
    probed = true;
  }

  public boolean isUp() {
    return up;
  }

  /** What the last probe saw of roles and the master; null without a placement probe. */
  public RedisPlacement.Seen placement() {
    return placement == null ? null : placement.seen();
  }

  public long pingMicros() {
    return pingMicros;
  }

  /** The figures of the last probe; null before the first successful one. */
  public QueueStats latest(String queue) {
    return latestStats.get(queue);
  }

  /** Live workers of a queue at the last probe; null before the first successful one. */
  public Long liveWorkers(String queue) {
    return latestLiveWorkers.get(queue);
  }

  /** Sum of the depths seen by the last probe. */
  public long totalDepth() {
    return latestStats.values().stream().mapToLong(QueueStats::depth).sum();
  }
}
