package io.ao.worker.workflows;

import io.ao.shared.workflows.engine.RunScripts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the run listings (all runs, by workflow, by lead) to the runs that still exist: every few
 * seconds it takes the ids of ended runs whose hash has expired off them, a bounded batch at a
 * time. Every worker does it; the script is idempotent, so two at once only share the work.
 */
public final class RunListingTrimmer {

  private static final Logger LOG = LoggerFactory.getLogger(RunListingTrimmer.class);
  static final long INTERVAL_MS = 5_000;
  static final int BATCH = 500;

  /** Batches per look at most: a backlog (a worker-less day of expiries) drains over looks. */
  static final int MAX_BATCHES = 20;

  private final Vertx vertx;
  private final RunScripts scripts;
  private long timer = -1;
  private boolean trimming;

  public RunListingTrimmer(Vertx vertx, RunScripts scripts) {
    this.vertx = vertx;
    this.scripts = scripts;
  }

  public void start() {
    timer = vertx.setPeriodic(INTERVAL_MS, id -> look());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void look() {
    if (trimming) {
      return;
    }
    trimming = true;
    batches(0, 0)
        .onComplete(
            done -> {
              trimming = false;
              if (done.failed()) {
                LOG.debug("run listings not trimmed: {}", done.cause().getMessage());
              } else if (done.result() > 0) {
                LOG.debug("run listings: {} expired run(s) taken off", done.result());
              }
            });
  }

  private Future<Integer> batches(int done, int removed) {
    return scripts
        .trimListings(BATCH)
        .compose(
            trimmed ->
                trimmed.looked() < BATCH || done + 1 >= MAX_BATCHES
                    ? Future.succeededFuture(removed + trimmed.removed())
                    : batches(done + 1, removed + trimmed.removed()));
  }
}
