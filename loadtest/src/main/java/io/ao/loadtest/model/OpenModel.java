package io.ao.loadtest.model;

import io.ao.loadtest.scenario.Action;
import io.ao.loadtest.scenario.Scenario;
import io.ao.loadtest.scenario.Session;
import io.ao.loadtest.stats.StatsBook;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * wrk2's model: requests at a constant rate whatever the server does. Latency is measured from each
 * request's intended send time, so a server that stalls is charged for every request that should
 * have gone out meanwhile (coordinated omission corrected).
 */
public final class OpenModel {

  private static final long TICK_MS = 1;

  private final Vertx vertx;
  private final Scenario scenario;
  private final List<Session> sessions;
  private final StatsBook stats;
  private final AtomicLong inFlight = new AtomicLong();

  public OpenModel(Vertx vertx, Scenario scenario, List<Session> sessions, StatsBook stats) {
    this.vertx = vertx;
    this.scenario = scenario;
    this.sessions = sessions;
    this.stats = stats;
  }

  public long inFlight() {
    return inFlight.get();
  }

  public Future<Void> run(double ratePerSecond, long durationMs) {
    Promise<Void> done = Promise.promise();
    long startNanos = System.nanoTime();
    long total = (long) (ratePerSecond * durationMs / 1000.0);
    double intervalNanos = 1e9 / ratePerSecond;
    AtomicLong sent = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    if (total == 0) {
      return Future.succeededFuture();
    }
    long timer =
        vertx.setPeriodic(
            TICK_MS,
            id -> {
              long now = System.nanoTime();
              // send everything whose intended time has come (catching up after a pause of ours)
              while (sent.get() < total
                  && startNanos + (long) (sent.get() * intervalNanos) <= now) {
                long index = sent.getAndIncrement();
                long intended = startNanos + (long) (index * intervalNanos);
                Session session = sessions.get((int) (index % sessions.size()));
                Action action = scenario.pick();
                inFlight.incrementAndGet();
                action
                    .call()
                    .apply(session)
                    .onComplete(
                        result -> {
                          inFlight.decrementAndGet();
                          if (!Action.notSent(result)) {
                            stats.record(
                                action.name(),
                                (System.nanoTime() - intended) / 1_000,
                                result.succeeded() && action.success().test(result.result()),
                                ClosedModel.outcome(result));
                          }
                          if (completed.incrementAndGet() == total) {
                            done.tryComplete();
                          }
                        });
              }
            });
    return done.future()
        .onComplete(ignored -> vertx.cancelTimer(timer))
        .map(v -> (Void) null)
        .recover(f -> Future.succeededFuture());
  }
}
