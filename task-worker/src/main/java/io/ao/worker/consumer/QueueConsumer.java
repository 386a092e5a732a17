package io.ao.worker.consumer;

import io.ao.shared.queue.ConsumerGroup;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.workflows.RunAdvancer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue partition for one worker, with at most {@code concurrency} deliveries in
 * flight. It wires one-job parts together and owns their life cycle:
 *
 * <ul>
 *   <li>{@link Fetcher} reads new entries on a connection of its own;
 *   <li>{@link Recoverer} takes over entries of workers that died;
 *   <li>{@link LeaseKeeper} keeps this worker's long-running entries from looking idle;
 *   <li>{@link Forwarder} moves due retries back onto the stream;
 *   <li>{@link Processor} starts and runs deliveries, and {@link OutcomeRecorder} records how each
 *       ended.
 * </ul>
 *
 * All of them run on one event loop (the verticle's), so none needs locking.
 */
public final class QueueConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

  private final Vertx vertx;
  private final TaskQueue queue;
  private final QueueKeys keys;
  private final ConsumerSettings settings;
  private final InFlightDeliveries inFlight;
  private final Fetcher fetcher;
  private final Recoverer recoverer;
  private final LeaseKeeper leases;
  private final Forwarder forwarder;
  private boolean running;
  private Promise<Void> drained;

  public QueueConsumer(
      Vertx vertx,
      Redis pool,
      Redis readerClient,
      TaskQueue queue,
      HandlerRegistry handlers,
      ConsumerSettings settings,
      WorkerMetrics metrics,
      RunAdvancer runs) {
    this.vertx = vertx;
    this.queue = queue;
    this.keys = queue.keys();
    this.settings = settings;
    this.inFlight = new InFlightDeliveries(settings.concurrency());
    ConsumerGroup group = new ConsumerGroup(keys, settings.workerId());
    OutcomeRecorder outcomes =
        new OutcomeRecorder(
            queue,
            runs,
            new CompletionBatcher(vertx.getOrCreateContext(), queue, settings.workerId()),
            settings);
    Processor processor =
        new Processor(queue, handlers, settings, metrics, outcomes, inFlight, this::finished);
    this.fetcher =
        new Fetcher(vertx, readerClient, queue, group, settings, inFlight, processor::dispatchAll);
    this.recoverer =
        new Recoverer(
            vertx, pool, group, keys.queue(), settings, inFlight, metrics, processor::dispatchAll);
    this.leases = new LeaseKeeper(vertx, pool, group, keys.queue(), settings, inFlight);
    this.forwarder = new Forwarder(vertx, queue, settings.promoteIntervalMs(), metrics);
  }

  public Future<Void> start() {
    running = true;
    fetcher.start();
    forwarder.start();
    recoverer.start();
    leases.start();
    return queue
        .ensureGroup()
        .onComplete(ignored -> fetcher.readMore())
        .recover(
            failure -> {
              // Redis down at start: the read loop keeps retrying, readiness stays false meanwhile.
              LOG.warn(
                  "queue {}: consumer group not ensured yet ({}); will retry",
                  keys.queue(),
                  failure.getMessage());
              return Future.succeededFuture();
            });
  }

  /** True while the consumer reads from a working connection. */
  public boolean isHealthy() {
    return running && fetcher.isHealthy();
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  /**
   * Stops reading, lets the deliveries in flight finish within the grace period and leaves the rest
   * pending: another worker takes them over after the visibility timeout.
   */
  public Future<Void> stop() {
    running = false;
    fetcher.stop();
    forwarder.stop();
    recoverer.stop();
    leases.stop();
    drained = Promise.promise();
    if (inFlight.isEmpty()) {
      drained.tryComplete();
    }
    long grace =
        vertx.setTimer(
            Math.max(1, settings.shutdownGraceMs()),
            id -> {
              if (!inFlight.isEmpty()) {
                LOG.warn(
                    "queue {}: {} task(s) still running after the grace period; left pending for other workers",
                    keys.queue(),
                    inFlight.size());
              }
              drained.tryComplete();
            });
    return drained
        .future()
        .onComplete(done -> vertx.cancelTimer(grace))
        .compose(done -> fetcher.closeConnection());
  }

  private void finished(String entryId) {
    inFlight.remove(entryId);
    if (!running) {
      if (inFlight.isEmpty() && drained != null) {
        drained.tryComplete();
      }
      return;
    }
    fetcher.readMore();
  }
}
