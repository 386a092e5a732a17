package io.ao.worker.consumer;

import io.ao.shared.queue.TaskQueue;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves retries whose time has come from the delayed set back onto the stream, every {@code
 * promote_interval_ms}, in batches until none is due. Any number of workers may run it at once: the
 * promote script moves each due task exactly once.
 */
final class Forwarder {

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  private static final int PROMOTE_BATCH = 500;

  private final Vertx vertx;
  private final TaskQueue queue;
  private final long intervalMs;
  private final WorkerMetrics metrics;
  private boolean running;
  private long timer = -1;

  Forwarder(Vertx vertx, TaskQueue queue, long intervalMs, WorkerMetrics metrics) {
    this.vertx = vertx;
    this.queue = queue;
    this.intervalMs = intervalMs;
    this.metrics = metrics;
  }

  void start() {
    running = true;
    timer = vertx.setPeriodic(intervalMs, id -> promoteDue());
  }

  void stop() {
    running = false;
    vertx.cancelTimer(timer);
  }

  private void promoteDue() {
    if (!running) {
      return;
    }
    queue
        .promoteDue(PROMOTE_BATCH)
        .onSuccess(
            moved -> {
              if (moved > 0) {
                metrics.promoted(moved);
              }
              if (moved == PROMOTE_BATCH) {
                vertx.runOnContext(v -> promoteDue());
              }
            })
        .onFailure(
            failure ->
                LOG.debug(
                    "queue {}: promote failed: {}", queue.keys().queue(), failure.getMessage()));
  }
}
