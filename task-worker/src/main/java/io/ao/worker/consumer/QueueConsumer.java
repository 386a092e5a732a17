package io.ao.worker.consumer;

import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.StartResult;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.ao.worker.workflows.WorkflowChain;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue for one worker: read → start → handle → record, with at most
 * {@code concurrency} deliveries in flight. Runs on a single event loop (its verticle's),
 * so its fields need no locking.
 *
 * <p>Reads block on a dedicated connection (XREADGROUP BLOCK); every other command goes
 * through the shared pool. Entries of workers that died are taken over with XAUTOCLAIM
 * after the visibility timeout; this worker keeps its own long-running entries from
 * looking idle by re-claiming them to itself on every heartbeat.
 */
public final class QueueConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  private static final long READ_RETRY_MAX_MS = 5_000;
  private static final int PROMOTE_BATCH = 500;

  private final Vertx vertx;
  private final Redis pool;
  private final Redis readerClient;
  private final TaskQueue queue;
  private final QueueKeys keys;
  private final HandlerRegistry handlers;
  private final ConsumerSettings settings;
  private final RetryBackoff backoff;
  private final WorkerMetrics metrics;
  private final WorkflowChain chain;
  private final CompletionBatcher completions;

  /** Deliveries read but not yet recorded, by entry id → time the worker got them. */
  private final Map<String, Long> inFlight = new LinkedHashMap<>();
  private RedisConnection reader;
  private boolean running;
  private boolean reading;
  /** The last read filled its batch: more work is waiting. */
  private boolean backlog;
  private boolean readerHealthy;
  private long readRetryMs = 100;
  private final List<Long> timers = new ArrayList<>();
  private Promise<Void> drained;

  public QueueConsumer(Vertx vertx, Redis pool, Redis readerClient, TaskQueue queue,
                       HandlerRegistry handlers, ConsumerSettings settings, WorkerMetrics metrics, WorkflowChain chain) {
    this.vertx = vertx;
    this.pool = pool;
    this.readerClient = readerClient;
    this.queue = queue;
    this.keys = queue.keys();
    this.handlers = handlers;
    this.settings = settings;
    this.backoff = new RetryBackoff(settings.retryBaseDelayMs(), settings.retryMaxDelayMs());
    this.metrics = metrics;
    this.chain = chain;
    this.completions = new CompletionBatcher(vertx.getOrCreateContext(), queue, settings.workerId());
  }

  public Future<Void> start() {
    running = true;
    timers.add(vertx.setPeriodic(settings.promoteIntervalMs(), id -> promoteDue()));
    timers.add(vertx.setPeriodic(settings.reclaimIntervalMs(), id -> reclaimStalled()));
    timers.add(vertx.setPeriodic(Math.max(1, settings.heartbeatIntervalMs()), id -> keepOwnEntriesAlive()));
    return queue.ensureGroup()
      .onComplete(ignored -> readMore())
      .recover(failure -> {
        // Redis down at start: the read loop keeps retrying, readiness stays false meanwhile.
        LOG.warn("queue {}: consumer group not ensured yet ({}); will retry", keys.queue(), failure.getMessage());
        return Future.succeededFuture();
      });
  }

  /** True while the consumer reads from a working connection. */
  public boolean isHealthy() {
    return running && readerHealthy;
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  /**
   * Stops reading, lets the deliveries in flight finish within the grace period and
   * leaves the rest pending: another worker takes them over after the visibility timeout.
   */
  public Future<Void> stop() {
    running = false;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    drained = Promise.promise();
    if (inFlight.isEmpty()) {
      drained.tryComplete();
    }
    long grace = vertx.setTimer(Math.max(1, settings.shutdownGraceMs()), id -> {
      if (!inFlight.isEmpty()) {
        LOG.warn("queue {}: {} task(s) still running after the grace period; left pending for other workers",
          keys.queue(), inFlight.size());
      }
      drained.tryComplete();
    });
    return drained.future()
      .onComplete(done -> vertx.cancelTimer(grace))
      .compose(done -> reader == null ? Future.<Void>succeededFuture() : reader.close().otherwiseEmpty());
  }

  // ---- reading -------------------------------------------------------------------

  private void readMore() {
    if (!running || reading) {
      return;
    }
    int free = settings.concurrency() - inFlight.size();
    int batch = Math.min(settings.batchSize(), settings.concurrency());
    if (free <= 0 || (backlog && free < batch && !inFlight.isEmpty())) {
      // resumed by finished(). With a backlog, reading one entry per freed slot would cost
      // a read and a start script per task, so wait until a whole batch fits.
      return;
    }
    int count = Math.min(batch, free);
    reading = true;
    readerConnection()
      .compose(conn -> conn.send(Request.cmd(Command.XREADGROUP)
        .arg("GROUP").arg(QueueKeys.GROUP).arg(settings.workerId())
        .arg("COUNT").arg(count)
        .arg("BLOCK").arg(settings.blockMs())
        .arg("STREAMS").arg(keys.stream()).arg(">")))
      .onSuccess(reply -> {
        reading = false;
        readerHealthy = true;
        readRetryMs = 100;
        List<Response> entries = entriesOf(reply);
        backlog = entries.size() == count;
        if (running) {
          dispatchAll(entries);
        } // else: read during shutdown; the entries stay pending for other workers
        readMore();
      })
      .onFailure(failure -> {
        reading = false;
        readerHealthy = false;
        dropReader();
        if (!running) {
          return;
        }
        if (String.valueOf(failure.getMessage()).startsWith("NOGROUP")) {
          queue.ensureGroup(); // the stream vanished (e.g. Redis restarted without persistence)
        }
        LOG.warn("queue {}: read failed ({}); retrying in {} ms", keys.queue(), failure.getMessage(), readRetryMs);
        vertx.setTimer(readRetryMs, id -> readMore());
        readRetryMs = Math.min(READ_RETRY_MAX_MS, readRetryMs * 2);
      });
  }

  private Future<RedisConnection> readerConnection() {
    if (reader != null) {
      return Future.succeededFuture(reader);
    }
    return readerClient.connect().map(conn -> {
      conn.exceptionHandler(failure -> dropReader());
      conn.endHandler(ended -> dropReader());
      reader = conn;
      readerHealthy = true; // ready as soon as a read can be sent, not when the first one returns
      return conn;
    });
  }

  private void dropReader() {
    if (reader != null) {
      RedisConnection broken = reader;
      reader = null;
      broken.close();
    }
  }

  /** XREADGROUP answers nil on timeout, else [[stream, [[id, fields], ...]]] (a map in RESP3). */
  private static List<Response> entriesOf(Response reply) {
    List<Response> entries = new ArrayList<>();
    if (reply == null) {
      return entries;
    }
    for (Response streamEntries : streamsOf(reply)) {
      for (Response entry : streamEntries) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static List<Response> streamsOf(Response reply) {
    List<Response> streams = new ArrayList<>();
    if (!reply.getKeys().isEmpty()) {
      reply.getKeys().forEach(key -> streams.add(reply.get(key)));
    } else {
      for (Response pair : reply) {
        streams.add(pair.get(1));
      }
    }
    return streams;
  }

  // ---- taking over entries of dead workers -----------------------------------------

  private void reclaimStalled() {
    int free = settings.concurrency() - inFlight.size();
    if (!running || free <= 0) {
      return;
    }
    pool.send(Request.cmd(Command.XAUTOCLAIM).arg(keys.stream()).arg(QueueKeys.GROUP)
        .arg(settings.workerId()).arg(settings.visibilityTimeoutMs()).arg("0-0").arg("COUNT").arg(free))
      .onSuccess(reply -> {
        // Redis 6.2 answers [cursor, entries]; 7.x adds a third element, the deleted ids.
        List<Response> claimed = new ArrayList<>();
        for (Response entry : reply.get(1)) {
          if (entry != null && entry.size() == 2 && entry.get(1) != null) {
            claimed.add(entry);
          }
        }
        if (!claimed.isEmpty()) {
          LOG.info("queue {}: took over {} stalled task(s) from workers that stopped reporting",
            keys.queue(), claimed.size());
          metrics.reclaimed(claimed.size());
          dispatchAll(claimed);
        }
      })
      .onFailure(failure -> LOG.debug("queue {}: reclaim failed: {}", keys.queue(), failure.getMessage()));
  }

  /** Re-claims this worker's own long-running entries so they never look idle to others. */
  private void keepOwnEntriesAlive() {
    long now = System.currentTimeMillis();
    long threshold = settings.visibilityTimeoutMs() / 3;
    List<String> old = new ArrayList<>();
    inFlight.forEach((entry, since) -> {
      if (now - since > threshold) {
        old.add(entry);
      }
    });
    if (old.isEmpty()) {
      return;
    }
    Request claim = Request.cmd(Command.XCLAIM).arg(keys.stream()).arg(QueueKeys.GROUP)
      .arg(settings.workerId()).arg(0);
    old.forEach(claim::arg);
    claim.arg("JUSTID");
    pool.send(claim).onFailure(failure -> LOG.debug("queue {}: keep-alive failed: {}", keys.queue(), failure.getMessage()));
  }

  private void promoteDue() {
    if (!running) {
      return;
    }
    queue.promoteDue(PROMOTE_BATCH)
      .onSuccess(moved -> {
        if (moved > 0) {
          metrics.promoted(moved);
        }
        if (moved == PROMOTE_BATCH) {
          vertx.runOnContext(v -> promoteDue());
        }
      })
      .onFailure(failure -> LOG.debug("queue {}: promote failed: {}", keys.queue(), failure.getMessage()));
  }

  // ---- running one delivery ------------------------------------------------------

  /** Starts every new delivery of one read with one script call, then runs those that may run. */
  private void dispatchAll(List<Response> entries) {
    List<TaskEnvelope> deliveries = new ArrayList<>(entries.size());
    for (Response entry : entries) {
      String entryId = entry.get(0).toString();
      if (inFlight.putIfAbsent(entryId, System.currentTimeMillis()) != null) {
        continue; // already running here (a reclaim can return our own entries)
      }
      try {
        deliveries.add(TaskEnvelope.fromStreamEntry(entryId, entry.get(1)));
      } catch (RuntimeException malformed) {
        LOG.error("queue {}: entry {} is not a task envelope ({}); left pending for an operator",
          keys.queue(), entryId, malformed.getMessage());
        finished(entryId);
      }
    }
    if (deliveries.isEmpty()) {
      return;
    }
    queue.startAll(deliveries, settings.workerId())
      .onSuccess(starts -> {
        for (int i = 0; i < deliveries.size(); i++) {
          run(deliveries.get(i), starts.get(i));
        }
      })
      .onFailure(failure -> {
        LOG.warn("queue {}: {} deliveries not started ({}); their entries stay pending and will be retried",
          keys.queue(), deliveries.size(), failure.getMessage());
        deliveries.forEach(delivery -> finished(delivery.entryId()));
      });
  }

  private void run(TaskEnvelope delivery, StartResult start) {
    Future<Void> outcome = start.shouldRun() ? execute(delivery, start) : Future.succeededFuture(skip(start));
    outcome
      .onFailure(failure -> LOG.warn("queue {}: task {} not recorded ({}); its entry stays pending and will be retried",
        keys.queue(), delivery.id(), failure.getMessage()))
      .onComplete(done -> finished(delivery.entryId()));
  }

  private Void skip(StartResult start) {
    metrics.skipped(start.decision() == StartResult.Decision.DEAD ? "dead" : start.reason());
    return null;
  }

  private Future<Void> execute(TaskEnvelope delivery, StartResult start) {
    long began = System.nanoTime();
    metrics.started(delivery.enqueuedAt());
    TaskContext context = new TaskContext(delivery, start.attempts(), start.maxAttempts(), settings.workerId());
    return invoke(context)
      .transform(outcome -> outcome.succeeded()
        ? recordSuccess(delivery, outcome.result())
        : recordFailure(delivery, start, outcome.cause()))
      .onSuccess(outcome -> metrics.finished(delivery.type(), outcome, System.nanoTime() - began))
      .onFailure(failure -> metrics.finished(delivery.type(), "unrecorded", System.nanoTime() - began))
      .mapEmpty();
  }

  private Future<JsonObject> invoke(TaskContext context) {
    TaskHandler handler = handlers.find(context.type()).orElse(null);
    if (handler == null) {
      return Future.failedFuture("no handler for task type '" + context.type() + "' on worker " + settings.workerId());
    }
    Future<JsonObject> result;
    try {
      result = handler.handle(context);
    } catch (RuntimeException thrown) {
      return Future.failedFuture(thrown);
    }
    return result.timeout(settings.taskTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** A workflow step's success enqueues the next step in the same script. */
  private Future<String> recordSuccess(TaskEnvelope delivery, JsonObject result) {
    return chain.next(delivery)
      .map(next -> queue.completeAndEnqueueNext(delivery, settings.workerId(), result, next,
        chain.runKey(keys, delivery)))
      .orElseGet(() -> completions.complete(delivery, result))
      .map("succeeded");
  }

  private Future<String> recordFailure(TaskEnvelope delivery, StartResult start, Throwable cause) {
    String error = describe(cause);
    if (cause instanceof PermanentTaskFailure) {
      return queue.fail(delivery, error).map("failed");
    }
    if (start.attempts() >= start.maxAttempts()) {
      LOG.warn("queue {}: task {} ({}) dead after {} attempts: {}", keys.queue(), delivery.id(),
        delivery.type(), start.attempts(), error);
      return queue.deadLetter(delivery, error).map("dead");
    }
    return queue.retryLater(delivery, backoff.delayAfter(start.attempts()), error).map("retried");
  }

  private String describe(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "timed out after " + settings.taskTimeoutMs() + " ms";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  private void finished(String entryId) {
    inFlight.remove(entryId);
    if (!running) {
      if (inFlight.isEmpty() && drained != null) {
        drained.tryComplete();
      }
      return;
    }
    readMore();
  }
}
