package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.Collection;
import java.util.List;

/**
 * The consumer-group reads of one queue partition, as one consumer (a worker) sends them: new
 * entries, entries other consumers left idle, and keeping its own entries fresh. The transitions
 * that follow a read are {@link TaskQueue}'s scripts.
 */
public final class ConsumerGroup {

  private final QueueKeys keys;
  private final String consumer;

  public ConsumerGroup(QueueKeys keys, String consumer) {
    this.keys = keys;
    this.consumer = consumer;
  }

  /**
   * Up to {@code count} entries never delivered to any consumer, waiting up to {@code blockMs} for
   * the first. Blocks its connection, so it takes one of its own.
   */
  public Future<List<StreamEntry>> readNew(RedisConnection reader, int count, long blockMs) {
    return reader
        .send(
            Request.cmd(Command.XREADGROUP)
                .arg("GROUP")
                .arg(QueueKeys.GROUP)
                .arg(consumer)
                .arg("COUNT")
                .arg(count)
                .arg("BLOCK")
                .arg(blockMs)
                .arg("STREAMS")
                .arg(keys.stream())
                .arg(">"))
        .map(StreamReplies::ofRead);
  }

  /**
   * Takes over up to {@code count} entries that have been pending with some consumer for longer
   * than {@code minIdleMs}: their worker stopped reporting (XAUTOCLAIM).
   */
  public Future<List<StreamEntry>> claimIdle(Redis redis, long minIdleMs, int count) {
    return redis
        .send(
            Request.cmd(Command.XAUTOCLAIM)
                .arg(keys.stream())
                .arg(QueueKeys.GROUP)
                .arg(consumer)
                .arg(minIdleMs)
                .arg("0-0")
                .arg("COUNT")
                .arg(count))
        .map(StreamReplies::ofAutoClaim);
  }

  /**
   * Resets the idle time of entries this consumer is still working on (XCLAIM to itself), so {@link
   * #claimIdle} elsewhere does not take them while they run long.
   */
  public Future<Void> keepOwned(Redis redis, Collection<String> entryIds) {
    Request claim =
        Request.cmd(Command.XCLAIM).arg(keys.stream()).arg(QueueKeys.GROUP).arg(consumer).arg(0);
    entryIds.forEach(claim::arg);
    claim.arg("JUSTID");
    return redis.send(claim).mapEmpty();
  }
}
