package io.ao.worker.consumer;

import io.ao.shared.queue.ConsumerGroup;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.StreamEntry;
import io.ao.shared.queue.TaskQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads new entries for one consumer, never more than its free concurrency allows, on a connection
 * of its own (XREADGROUP BLOCK holds it). A failed read drops the connection and is retried with
 * backoff; the consumer is healthy while reads can be sent.
 */
final class Fetcher {

  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
  private static final long READ_RETRY_MAX_MS = 5_000;

  private final Vertx vertx;
  private final Redis readerClient;
  private final TaskQueue queue;
  private final QueueKeys keys;
  private final ConsumerGroup group;
  private final ConsumerSettings settings;
  private final InFlightDeliveries inFlight;
  private final Consumer<List<StreamEntry>> dispatch;

  private RedisConnection reader;
  private boolean running;
  private boolean reading;

  /** The last read filled its batch: more work is waiting. */
  private boolean backlog;

  private boolean healthy;
  private long readRetryMs = 100;

  Fetcher(
      Vertx vertx,
      Redis readerClient,
      TaskQueue queue,
      ConsumerGroup group,
      ConsumerSettings settings,
      InFlightDeliveries inFlight,
      Consumer<List<StreamEntry>> dispatch) {
    this.vertx = vertx;
    this.readerClient = readerClient;
    this.queue = queue;
    this.keys = queue.keys();
    this.group = group;
    this.settings = settings;
    this.inFlight = inFlight;
    this.dispatch = dispatch;
  }

  void start() {
    running = true;
  }

  /** Stops reading; an answer still on its way is left pending for other workers. */
  void stop() {
    running = false;
  }

  Future<Void> closeConnection() {
    return reader == null ? Future.succeededFuture() : reader.close().otherwiseEmpty();
  }

  boolean isHealthy() {
    return healthy;
  }

  /** Reads when there is room; called at start and whenever a delivery finishes. */
  void readMore() {
    if (!running || reading) {
      return;
    }
    int free = inFlight.free();
    int batch = Math.min(settings.batchSize(), settings.concurrency());
    if (free <= 0 || (backlog && free < batch && !inFlight.isEmpty())) {
      // resumed by the next finished delivery. With a backlog, reading one entry per freed
      // slot would cost a read and a start script per task, so wait until a whole batch fits.
      return;
    }
    int count = Math.min(batch, free);
    reading = true;
    connection()
        .compose(conn -> group.readNew(conn, count, settings.blockMs()))
        .onSuccess(
            entries -> {
              reading = false;
              healthy = true;
              readRetryMs = 100;
              backlog = entries.size() == count;
              if (running) {
                dispatch.accept(entries);
              }
              readMore();
            })
        .onFailure(this::readFailed);
  }

  private void readFailed(Throwable failure) {
    reading = false;
    healthy = false;
    dropConnection();
    if (!running) {
      return;
    }
    if (String.valueOf(failure.getMessage()).startsWith("NOGROUP")) {
      queue.ensureGroup(); // the stream vanished (e.g. Redis restarted without persistence)
    }
    LOG.warn(
        "queue {}: read failed ({}); retrying in {} ms",
        keys.queue(),
        failure.getMessage(),
        readRetryMs);
    vertx.setTimer(readRetryMs, id -> readMore());
    readRetryMs = Math.min(READ_RETRY_MAX_MS, readRetryMs * 2);
  }

  private Future<RedisConnection> connection() {
    if (reader != null) {
      return Future.succeededFuture(reader);
    }
    return readerClient
        .connect()
        .map(
            conn -> {
              conn.exceptionHandler(failure -> dropConnection());
              conn.endHandler(ended -> dropConnection());
              reader = conn;
              healthy = true; // ready as soon as a read can be sent, not when the first one returns
              return conn;
            });
  }

  private void dropConnection() {
    if (reader != null) {
      RedisConnection broken = reader;
      reader = null;
      broken.close();
    }
  }
}
