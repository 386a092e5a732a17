package io.ao.chaos;

import io.ao.chaos.SteadyLoad.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One scenario's steady load, from its start to the verdict: the fault code in between only has to
 * say when it struck, on the load's clock.
 */
final class LoadRun {

  private static final int REQUESTS_PER_SECOND = 40;
  private static final long SETTLE_MS = 120_000;

  private final ChaosStack stack;
  private final String token;
  private final SteadyLoad load;
  private final int seconds;
  private final long startMs;
  private final Future<List<Outcome>> running;
  private List<Outcome> outcomes;

  private LoadRun(ChaosStack stack, String name, int seconds) throws Exception {
    this.stack = stack;
    this.token = stack.adminToken();
    this.load = new SteadyLoad(stack.vertx, stack.apiPorts(), token, name);
    this.seconds = seconds;
    this.startMs = System.currentTimeMillis();
    this.running = load.run(REQUESTS_PER_SECOND, seconds);
  }

  static LoadRun start(ChaosStack stack, String name, int seconds) throws Exception {
    return new LoadRun(stack, name, seconds);
  }

  long startMs() {
    return startMs;
  }

  /** Sleeps until {@code fraction} of the load's duration has passed. */
  void sleepUntil(double fraction) throws InterruptedException {
    long wait = startMs + (long) (seconds * 1000L * fraction) - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  int refusedConnections() {
    return load.refusedConnections();
  }

  /**
   * Waits for the last answer, then reads everything back through the API instance {@code
   * apiIndex}.
   */
  Verdict finish(int apiIndex) throws Exception {
    outcomes =
        running.toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
    return Verdict.reach(
        stack.vertx,
        stack.apiPorts().get(apiIndex),
        token,
        outcomes,
        stack.crm,
        stack.mail,
        SETTLE_MS);
  }

  List<Outcome> outcomes() {
    return outcomes;
  }

  /** "N requests (M tasks) in S s" for the requests sent in [fromMs, toMs]. */
  String during(long fromMs, long toMs) {
    int requests = 0;
    int tasks = 0;
    for (Outcome outcome : outcomes) {
      if (outcome.sentAtMs() >= fromMs && outcome.sentAtMs() <= toMs) {
        requests++;
        if (outcome.accepted()) {
          tasks +=
              outcome.kind() == SteadyLoad.Kind.LEAD
                  ? 2
                  : 3; // lead_process + crm_update; the three lead_intake steps
        }
      }
    }
    return requests + " requests (" + tasks + " tasks) in " + (toMs - fromMs) / 1000 + " s";
  }

  /** Seconds since the load started, for the report. */
  double at(long ms) {
    return (ms - startMs) / 1000.0;
  }

  JsonObject details() {
    return new JsonObject().put("timeline", Timeline.of(outcomes, startMs));
  }
}
