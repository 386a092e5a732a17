package io.ao.loadtest.model;

import io.ao.loadtest.scenario.Action;
import io.ao.loadtest.scenario.Scenario;
import io.ao.loadtest.scenario.Session;
import io.ao.loadtest.stats.StatsBook;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Locust's model: {@code users} virtual users, started at {@code spawnRate} per second, each
 * running start() once and then actions back to back with a think time between them, until the
 * run's time is up. Latency is measured from each request's actual send.
 */
public final class ClosedModel {

  private static final long SETUP_RETRY_MS = 1_000;

  private final Vertx vertx;
  private final Scenario scenario;
  private final Supplier<Session> sessions;
  private final StatsBook stats;
  private final AtomicInteger active = new AtomicInteger();

  public ClosedModel(Vertx vertx, Scenario scenario, Supplier<Session> sessions, StatsBook stats) {
    this.vertx = vertx;
    this.scenario = scenario;
    this.sessions = sessions;
    this.stats = stats;
  }

  public int activeUsers() {
    return active.get();
  }

  /** Completes when every user has stopped (the run's end plus the requests still in flight). */
  public Future<Void> run(
      int users, double spawnRate, long durationMs, long thinkMinMs, long thinkMaxMs) {
    long deadline = System.currentTimeMillis() + durationMs;
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < users; i++) {
      long startIn = spawnRate <= 0 ? 0 : (long) (i * 1000 / spawnRate);
      vertx.setTimer(
          Math.max(1, startIn),
          id -> {
            if (System.currentTimeMillis() >= deadline) {
              if (finished.incrementAndGet() == users) {
                done.tryComplete();
              }
              return;
            }
            active.incrementAndGet();
            Session session = sessions.get();
            setUp(vertx, scenario, session, stats, deadline)
                .onComplete(
                    ignored ->
                        loop(
                            session,
                            deadline,
                            thinkMinMs,
                            thinkMaxMs,
                            () -> {
                              active.decrementAndGet();
                              if (finished.incrementAndGet() == users) {
                                done.tryComplete();
                              }
                            }));
          });
    }
    return done.future();
  }

  /**
   * Runs the scenario's set-up (a login) until it succeeds or the deadline passes, a second apart,
   * each attempt in the set-up row: a user whose login failed (a 503 from an overloaded server,
   * say) logs in again rather than sending its mix unauthenticated.
   */
  public static Future<Void> setUp(
      Vertx vertx, Scenario scenario, Session session, StatsBook stats, long deadline) {
    long started = System.nanoTime();
    return scenario
        .start(session)
        .transform(
            result -> {
              boolean ok = result.succeeded() && result.result() >= 200 && result.result() < 300;
              stats.recordSetup(
                  scenario.setupName(), (System.nanoTime() - started) / 1_000, ok, outcome(result));
              if (ok || System.currentTimeMillis() + SETUP_RETRY_MS >= deadline) {
                return Future.succeededFuture();
              }
              return vertx
                  .timer(SETUP_RETRY_MS)
                  .compose(t -> setUp(vertx, scenario, session, stats, deadline));
            });
  }

  /** What a failed request got: its HTTP status, or the error's class when nothing came back. */
  public static String outcome(AsyncResult<Integer> result) {
    return result.succeeded()
        ? "HTTP " + result.result()
        : result.cause().getClass().getSimpleName();
  }

  private void loop(
      Session session, long deadline, long thinkMinMs, long thinkMaxMs, Runnable stopped) {
    if (System.currentTimeMillis() >= deadline) {
      stopped.run();
      return;
    }
    Action action = scenario.pick();
    long started = System.nanoTime();
    action
        .call()
        .apply(session)
        .onComplete(
            result -> {
              if (!Action.notSent(result)) {
                stats.record(
                    action.name(),
                    (System.nanoTime() - started) / 1_000,
                    result.succeeded() && action.success().test(result.result()),
                    outcome(result));
              }
              long think =
                  thinkMaxMs <= 0
                      ? 0
                      : ThreadLocalRandom.current().nextLong(thinkMinMs, thinkMaxMs + 1);
              if (think == 0) {
                vertx.runOnContext(v -> loop(session, deadline, thinkMinMs, thinkMaxMs, stopped));
              } else {
                vertx.setTimer(
                    think, id -> loop(session, deadline, thinkMinMs, thinkMaxMs, stopped));
              }
            });
  }
}
