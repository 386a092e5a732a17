package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/** Reads a queue's figures straight from XLEN, XINFO GROUPS, XPENDING and ZCARD. */
public final class QueueInspector {

  private final Redis redis;
  private final LongSupplier clock;

  public QueueInspector(Redis redis) {
    this(redis, System::currentTimeMillis);
  }

  public QueueInspector(Redis redis, LongSupplier clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Queue depth alone: one XLEN, cheap enough for every /health call. */
  public Future<Long> depth(QueueKeys keys) {
    return redis.send(Request.cmd(Command.XLEN).arg(keys.stream())).map(Response::toLong);
  }

  public Future<QueueStats> stats(QueueKeys keys) {
    Future<Long> depth = depth(keys);
    Future<Long> delayed =
        redis.send(Request.cmd(Command.ZCARD).arg(keys.delayed())).map(Response::toLong);
    Future<Long> dead =
        redis.send(Request.cmd(Command.XLEN).arg(keys.dead())).map(Response::toLong);
    Future<Response> group =
        redis
            .send(Request.cmd(Command.XINFO).arg("GROUPS").arg(keys.stream()))
            .map(groups -> findGroup(groups))
            .recover(failure -> noStream(failure));
    Future<Response> pending =
        redis
            .send(Request.cmd(Command.XPENDING).arg(keys.stream()).arg(QueueKeys.GROUP))
            .recover(failure -> noStream(failure));
    return Future.all(depth, delayed, dead, group, pending)
        .map(
            all ->
                new QueueStats(
                    keys.queue(),
                    depth.result(),
                    pendingCount(pending.result()),
                    delayed.result(),
                    dead.result(),
                    group.result() == null ? 0 : longField(group.result(), "consumers"),
                    group.result() == null ? null : lag(group.result()),
                    oldestPendingAge(pending.result())));
  }

  /**
   * A partitioned queue's figures: counts summed over its partitions, the oldest pending age the
   * largest, consumers the most any partition has (every worker reads them all), lag summed when
   * every partition can tell.
   */
  public Future<QueueStats> stats(QueuePartitions partitions) {
    if (partitions.count() == 1) {
      return stats(partitions.home());
    }
    List<Future<QueueStats>> reads = partitions.all().stream().map(this::stats).toList();
    return Future.all(reads)
        .map(
            all -> {
              long depth = 0, pending = 0, delayed = 0, dead = 0, consumers = 0, oldest = 0;
              Long lag = 0L;
              for (Future<QueueStats> read : reads) {
                QueueStats part = read.result();
                depth += part.depth();
                pending += part.pending();
                delayed += part.delayed();
                dead += part.dead();
                consumers = Math.max(consumers, part.consumers());
                oldest = Math.max(oldest, part.oldestPendingAgeMs());
                lag = lag == null || part.lag() == null ? null : lag + part.lag();
              }
              return new QueueStats(
                  partitions.queue(), depth, pending, delayed, dead, consumers, lag, oldest);
            });
  }

  private static Response findGroup(Response groups) {
    for (int i = 0; i < groups.size(); i++) {
      Response group = groups.get(i);
      if (QueueKeys.GROUP.equals(field(group, "name").toString())) {
        return group;
      }
    }
    return null;
  }

  /** A queue nobody has used yet has no stream and no group: its figures are all zero. */
  private static Future<Response> noStream(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    return message.contains("no such key") || message.startsWith("NOGROUP")
        ? Future.succeededFuture(null)
        : Future.failedFuture(failure);
  }

  private static long pendingCount(Response summary) {
    return summary == null ? 0 : summary.get(0).toLong();
  }

  private long oldestPendingAge(Response summary) {
    if (summary == null || summary.get(0).toLong() == 0 || summary.get(1) == null) {
      return 0;
    }
    String oldestId = summary.get(1).toString();
    long enqueuedAt = Long.parseLong(oldestId.substring(0, oldestId.indexOf('-')));
    return Math.max(0, clock.getAsLong() - enqueuedAt);
  }

  /** XINFO GROUPS has "lag" only from Redis 7, and answers nil when it cannot tell. */
  private static Long lag(Response group) {
    Response lag = field(group, "lag");
    return lag == null ? null : lag.toLong();
  }

  private static long longField(Response group, String name) {
    Response value = field(group, name);
    return value == null ? 0 : value.toLong();
  }

  /** A field of an XINFO record: maps in RESP3, flat name/value arrays in RESP2; null if absent. */
  public static Response field(Response record, String name) {
    Set<String> mapKeys = record.getKeys();
    if (!mapKeys.isEmpty()) {
      return mapKeys.contains(name) ? record.get(name) : null;
    }
    for (int i = 0; i + 1 < record.size(); i += 2) {
      if (name.equals(record.get(i).toString())) {
        return record.get(i + 1);
      }
    }
    return null;
  }
}
