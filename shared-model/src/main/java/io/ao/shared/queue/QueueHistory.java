package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue's last hour, minute by minute: tasks enqueued (first attempts), succeeded and failed
 * (dead-lettered), counted by the queue scripts themselves into a bucket per partition and minute
 * ({@link QueueKeys#history}), and the depth and dead-letter count sampled once a minute by
 * whichever instance gets there first ({@link HistorySampler}). Buckets expire after two hours, so
 * the history costs at most ~120 small hashes per partition.
 */
public final class QueueHistory {

  /** The longest window a read may ask for. */
  public static final int MAX_MINUTES = 60;

  static final long BUCKET_TTL_SECONDS = 7200;
  private static final long MINUTE_MS = 60_000;
  private static final LuaScript SAMPLE = LuaScript.load("history_sample");
  private static final LuaScript READ = LuaScript.load("history_read");

  private final Redis redis;

  public QueueHistory(Redis redis) {
    this.redis = redis;
  }

  /** Records the partition's depth for the minute of {@code nowMs}, unless someone already did. */
  public Future<Boolean> sample(QueueKeys keys, long nowMs) {
    return SAMPLE
        .run(
            redis,
            List.of(keys.stream(), keys.dead(), keys.history(nowMs / MINUTE_MS)),
            List.of(Long.toString(BUCKET_TTL_SECONDS)))
        .map(reply -> reply.toInteger() == 1);
  }

  /**
   * The last {@code minutes} minutes up to the one of {@code nowMs}, oldest first, summed over the
   * queue's partitions (one script call per partition).
   */
  public Future<List<Minute>> read(QueuePartitions partitions, int minutes, long nowMs) {
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw new IllegalArgumentException("minutes must be 1.." + MAX_MINUTES);
    }
    long last = nowMs / MINUTE_MS;
    long first = last - minutes + 1;
    List<Future<Response>> reads = new ArrayList<>();
    for (QueueKeys keys : partitions.all()) {
      List<String> buckets = new ArrayList<>(minutes);
      for (long minute = first; minute <= last; minute++) {
        buckets.add(keys.history(minute));
      }
      reads.add(READ.run(redis, buckets, List.of()));
    }
    return Future.all(reads)
        .map(
            done -> {
              List<Minute> points = new ArrayList<>(minutes);
              for (int i = 0; i < minutes; i++) {
                Minute sum = Minute.empty((first + i) * MINUTE_MS);
                for (Future<Response> read : reads) {
                  sum = sum.plus(read.result().get(i));
                }
                points.add(sum);
              }
              return points;
            });
  }

  /**
   * One minute of a queue. depth and dead are null when no instance sampled that minute (no service
   * was running), which a chart shows as a gap rather than as an empty queue.
   */
  public record Minute(
      long startMs, long enqueued, long succeeded, long failed, Long depth, Long dead) {

    static Minute empty(long startMs) {
      return new Minute(startMs, 0, 0, 0, null, null);
    }

    /** This minute plus one partition's bucket (a flat field/value list). */
    Minute plus(Response bucket) {
      long enqueued = this.enqueued;
      long succeeded = this.succeeded;
      long failed = this.failed;
      Long depth = this.depth;
      Long dead = this.dead;
      for (int i = 0; i + 1 < bucket.size(); i += 2) {
        long value = bucket.get(i + 1).toLong();
        switch (bucket.get(i).toString()) {
          case "enqueued" -> enqueued += value;
          case "succeeded" -> succeeded += value;
          case "failed" -> failed += value;
          case "depth" -> depth = (depth == null ? 0 : depth) + value;
          case "dead" -> dead = (dead == null ? 0 : dead) + value;
          default -> {
            // a field of a later version: not ours to show
          }
        }
      }
      return new Minute(startMs, enqueued, succeeded, failed, depth, dead);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("minute", Instant.ofEpochMilli(startMs).toString())
          .put("enqueued", enqueued)
          .put("succeeded", succeeded)
          .put("failed", failed)
          .put("finished", succeeded + failed)
          .put("depth", depth)
          .put("dead", dead);
    }
  }
}
