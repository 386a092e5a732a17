package io.ao.loadtest.jobs;

import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.queue.TaskTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The {@code jobs} scenario: enqueue N noop tasks straight onto the queue (at a given rate, or as
 * fast as possible), let the running workers drain them, then read every task's status hash:
 * end-to-end jobs/s (first enqueue to last finish) and the pick-up latency (created to started)
 * percentiles.
 */
public final class JobsBenchmark {

  private static final int WINDOW = 2_000;

  private final Vertx vertx;
  private final Redis redis;
  private final TaskQueue queue;

  public JobsBenchmark(Vertx vertx, Redis redis, String prefix, String queueName) {
    this.vertx = vertx;
    this.redis = redis;
    this.queue = new TaskQueue(redis, new QueueKeys(prefix, queueName), 3_600);
  }

  /**
   * @param ratePerSecond 0 = as fast as Redis takes them
   */
  public Future<JsonObject> run(int jobs, double ratePerSecond, long timeoutMs) {
    List<String> ids = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      ids.add("bench-" + Long.toHexString(System.nanoTime()) + "-" + i);
    }
    long started = System.currentTimeMillis();
    return enqueue(ids, ratePerSecond)
        .compose(done -> waitDrained(System.currentTimeMillis() + timeoutMs))
        .compose(done -> statuses(ids))
        .map(statuses -> report(jobs, ratePerSecond, started, statuses));
  }

  /**
   * Enqueues every job with no worker consuming this queue, then starts {@code workers} worker
   * processes and times the drain (first start to last finish).
   */
  public Future<JsonObject> fillThenDrain(
      int jobs, int workers, Path workerJar, String redisUrl, int concurrency, long timeoutMs) {
    List<String> ids = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      ids.add("bench-" + Long.toHexString(System.nanoTime()) + "-" + i);
    }
    WorkerProcesses processes = new WorkerProcesses();
    return enqueue(ids, 0)
        .compose(
            filled ->
                vertx.executeBlocking(
                    () -> {
                      processes.start(
                          workerJar, workers, redisUrl, queue.keys().queue(), concurrency);
                      return null;
                    }))
        .compose(started -> waitDrained(System.currentTimeMillis() + timeoutMs))
        .compose(drained -> statuses(ids))
        .map(statuses -> drainReport(jobs, workers, concurrency, statuses))
        .eventually(
            () ->
                vertx.executeBlocking(
                    () -> {
                      processes.close();
                      return null;
                    }));
  }

  private static JsonObject drainReport(
      int jobs, int workers, int concurrency, List<TaskStatus> statuses) {
    long firstStarted = Long.MAX_VALUE;
    long lastFinished = 0;
    long succeeded = 0;
    for (TaskStatus status : statuses) {
      if (status == null) {
        continue;
      }
      JsonObject fields = status.toJson();
      if ("succeeded".equals(fields.getString("state"))) {
        succeeded++;
      }
      firstStarted = Math.min(firstStarted, fields.getLong("started_at", Long.MAX_VALUE));
      lastFinished = Math.max(lastFinished, fields.getLong("finished_at", 0L));
    }
    double seconds = Math.max(0.001, (lastFinished - firstStarted) / 1000.0);
    return new JsonObject()
        .put("jobs", jobs)
        .put("succeeded", succeeded)
        .put("workers", workers)
        .put("concurrency", concurrency)
        .put("drain_s", Math.round(seconds * 1000) / 1000.0)
        .put("jobs_per_s", Math.round(succeeded / seconds));
  }

  /**
   * Enqueues every id, at {@code rate} per second (0 = as fast as Redis takes them). One promise
   * for the whole run: chaining a future per batch would nest thousands of completions, and
   * completing the last one would overflow the stack.
   */
  private Future<Void> enqueue(List<String> ids, double rate) {
    Promise<Void> done = Promise.promise();
    enqueueFrom(ids, 0, rate, System.nanoTime(), done);
    return done.future();
  }

  private void enqueueFrom(
      List<String> ids, int from, double rate, long startNanos, Promise<Void> done) {
    if (from >= ids.size()) {
      done.complete();
      return;
    }
    int to = Math.min(ids.size(), from + (rate > 0 ? Math.max(1, (int) (rate / 100)) : WINDOW));
    List<Future<?>> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(queue.enqueue(NewTask.withId(ids.get(i), TaskTypes.NOOP, new JsonObject(), 3)));
    }
    Future.all(batch)
        .onFailure(done::fail)
        .onSuccess(
            enqueued -> {
              // pace: the next batch goes when its intended time comes
              long dueNanos = rate <= 0 ? 0 : startNanos + (long) (to * 1e9 / rate);
              long waitMs =
                  Math.max(0, TimeUnit.NANOSECONDS.toMillis(dueNanos - System.nanoTime()));
              if (waitMs == 0) {
                enqueueFrom(ids, to, rate, startNanos, done);
              } else {
                vertx.setTimer(waitMs, id -> enqueueFrom(ids, to, rate, startNanos, done));
              }
            });
  }

  /** Polls XLEN until the stream is empty or the deadline passes (one promise, as above). */
  private Future<Void> waitDrained(long deadline) {
    Promise<Void> drained = Promise.promise();
    pollDrained(deadline, drained);
    return drained.future();
  }

  private void pollDrained(long deadline, Promise<Void> drained) {
    redis
        .send(Request.cmd(Command.XLEN).arg(queue.keys().stream()))
        .onFailure(drained::fail)
        .onSuccess(
            length -> {
              if (length.toLong() == 0) {
                drained.complete();
              } else if (System.currentTimeMillis() > deadline) {
                drained.fail(
                    "queue not drained in time (" + length + " left): are workers running?");
              } else {
                vertx.setTimer(50, id -> pollDrained(deadline, drained));
              }
            });
  }

  /** Reads every status hash, WINDOW at a time: 100k reads at once overflow the client's queue. */
  private Future<List<TaskStatus>> statuses(List<String> ids) {
    return statuses(ids, 0, new ArrayList<>(ids.size()));
  }

  private Future<List<TaskStatus>> statuses(List<String> ids, int from, List<TaskStatus> read) {
    if (from >= ids.size()) {
      return Future.succeededFuture(read);
    }
    int to = Math.min(ids.size(), from + WINDOW);
    List<Future<TaskStatus>> reads = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      reads.add(queue.status(ids.get(i)));
    }
    return Future.all(new ArrayList<>(reads))
        .compose(
            done -> {
              reads.forEach(each -> read.add(each.result()));
              return statuses(ids, to, read);
            });
  }

  private static JsonObject report(int jobs, double rate, long started, List<TaskStatus> statuses) {
    Histogram pickup = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    long firstCreated = Long.MAX_VALUE;
    long lastFinished = 0;
    long succeeded = 0;
    for (TaskStatus status : statuses) {
      if (status == null) {
        continue;
      }
      JsonObject fields = status.toJson();
      if ("succeeded".equals(fields.getString("state"))) {
        succeeded++;
      }
      long created = fields.getLong("created_at", 0L);
      long begun = fields.getLong("started_at", created);
      firstCreated = Math.min(firstCreated, created);
      lastFinished = Math.max(lastFinished, fields.getLong("finished_at", 0L));
      pickup.recordValue(Math.max(0, begun - created));
    }
    double seconds = Math.max(0.001, (lastFinished - firstCreated) / 1000.0);
    return new JsonObject()
        .put("jobs", jobs)
        .put("succeeded", succeeded)
        .put("enqueue_rate", rate <= 0 ? "max" : rate)
        .put("end_to_end_s", Math.round(seconds * 1000) / 1000.0)
        .put("jobs_per_s", Math.round(succeeded / seconds))
        .put("pickup_p50_ms", pickup.getValueAtPercentile(50))
        .put("pickup_p99_ms", pickup.getValueAtPercentile(99))
        .put("pickup_p99_9_ms", pickup.getValueAtPercentile(99.9))
        .put("pickup_max_ms", pickup.getMaxValue())
        .put("wall_s", (System.currentTimeMillis() - started) / 1000.0);
  }
}
