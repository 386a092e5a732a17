package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Live workers of a queue: each worker beats into its own expiring hash and a zset scored by the
 * beat's time, so the API can list them without scanning keys.
 */
public final class WorkerRegistry {

  private static final Set<String> NUMBERS =
      Set.of("last_heartbeat", "in_flight", "processed", "concurrency", "started_at", "pid");
  private static final Set<String> LISTS = Set.of("handlers");

  private final Redis redis;

  public WorkerRegistry(Redis redis) {
    this.redis = redis;
  }

  /** One heartbeat: the worker's figures, alive for {@code ttlMs} unless renewed. */
  public Future<Void> beat(
      QueueKeys keys, String workerId, JsonObject figures, long now, long ttlMs) {
    Request hset =
        Request.cmd(Command.HSET)
            .arg(keys.worker(workerId))
            .arg("worker_id")
            .arg(workerId)
            .arg("queue")
            .arg(keys.queue())
            .arg("last_heartbeat")
            .arg(now);
    figures.forEach(entry -> hset.arg(entry.getKey()).arg(String.valueOf(entry.getValue())));
    return redis
        .batch(
            List.of(
                hset,
                Request.cmd(Command.PEXPIRE).arg(keys.worker(workerId)).arg(ttlMs),
                Request.cmd(Command.ZADD).arg(keys.workers()).arg(now).arg(workerId),
                Request.cmd(Command.ZREMRANGEBYSCORE)
                    .arg(keys.workers())
                    .arg("-inf")
                    .arg(now - 10 * ttlMs)))
        .mapEmpty();
  }

  /** A worker that stops cleanly leaves at once instead of waiting for its beat to expire. */
  public Future<Void> leave(QueueKeys keys, String workerId) {
    return redis
        .batch(
            List.of(
                Request.cmd(Command.DEL).arg(keys.worker(workerId)),
                Request.cmd(Command.ZREM).arg(keys.workers()).arg(workerId)))
        .mapEmpty();
  }

  /** How many workers beat since {@code now - staleAfterMs}: one ZCOUNT, for the gauge. */
  public Future<Long> countLive(QueueKeys keys, long now, long staleAfterMs) {
    return redis
        .send(Request.cmd(Command.ZCOUNT).arg(keys.workers()).arg(now - staleAfterMs).arg("+inf"))
        .map(Response::toLong);
  }

  /** Workers whose last beat is newer than {@code now - staleAfterMs}, with their figures. */
  public Future<List<JsonObject>> live(QueueKeys keys, long now, long staleAfterMs) {
    return redis
        .send(
            Request.cmd(Command.ZRANGEBYSCORE)
                .arg(keys.workers())
                .arg(now - staleAfterMs)
                .arg("+inf"))
        .compose(
            ids -> {
              List<Future<Response>> reads = new ArrayList<>();
              for (Response id : ids) {
                reads.add(redis.send(Request.cmd(Command.HGETALL).arg(keys.worker(id.toString()))));
              }
              return Future.all(reads)
                  .map(
                      all -> {
                        List<JsonObject> workers = new ArrayList<>();
                        for (Future<Response> read : reads) {
                          Response hash = read.result();
                          if (hash != null && hash.size() > 0) {
                            JsonObject worker = new JsonObject();
                            hash.getKeys()
                                .forEach(key -> worker.put(key, typed(key, hash.get(key))));
                            workers.add(worker);
                          }
                        }
                        return workers;
                      });
            });
  }

  /**
   * A hash holds text; the figures go out as what they are: numbers as numbers, the handler list as
   * a list (the worker writes it as a JSON array), the rest as text.
   */
  private static Object typed(String field, Response value) {
    String text = value.toString();
    try {
      if (NUMBERS.contains(field)) {
        return Long.parseLong(text);
      }
      if (LISTS.contains(field)) {
        return new JsonArray(text);
      }
    } catch (RuntimeException notWhatAWorkerWrites) {
      // an older or foreign writer: pass the text on rather than fail the whole listing
    }
    return text;
  }
}
