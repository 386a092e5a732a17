package io.ao.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.chaos.ChaosReport.Row;
import io.ao.chaos.SteadyLoad.Kind;
import io.ao.chaos.SteadyLoad.Outcome;
import io.ao.shared.queue.QueueKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite: each test is one row of RELIABILITY.md's table. The real jars run as
 * processes under a steady load of lead writes and lead_intake triggers while one kind of
 * fault is injected; afterwards every 2xx is checked against what the system holds.
 * Runs only with -Pchaos; {@code -Dchaos.seconds} sets each scenario's load duration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSuiteTest {

  private static final int REQUESTS_PER_SECOND = 40;
  private static final int SECONDS = Integer.getInteger("chaos.seconds", 60);
  private static final long SETTLE_MS = 120_000;
  private static final Path ROOT = Path.of(System.getProperty("chaos.rootDir", "..")).toAbsolutePath().normalize();
  private static final Path REPORTS = Path.of(System.getProperty("chaos.reportDir", "target/chaos"));
  private static final ChaosReport REPORT = new ChaosReport(REPORTS);

  @Test
  @Order(1)
  void workersKilledWithSigkillEveryFewSecondsLoseNothingAndRunNoSideEffectTwice() throws Exception {
    try (ChaosStack stack = new ChaosStack(ROOT, REPORTS.resolve("worker-sigkill")).withApis(1).withWorkers(2)) {
      String token = stack.adminToken();
      SteadyLoad load = new SteadyLoad(stack.vertx, stack.apiPorts(), token, "worker-sigkill");
      long start = System.currentTimeMillis();
      Future<List<Outcome>> running = load.run(REQUESTS_PER_SECOND, SECONDS);
      Redis redis = Redis.createClient(stack.vertx, stack.redis.url());
      Random random = new Random(6);
      List<Long> takeoverMs = new ArrayList<>();
      int takenOver = 0;
      int kills = 0;
      List<CompletableFuture<Void>> replacements = new ArrayList<>();
      while (System.currentTimeMillis() - start < (SECONDS - 5) * 1000L) {
        Thread.sleep(2_000);
        // a kill only while another worker serves: the point is the survivors' takeover
        List<JavaService> serving = awaitServing(stack, 2);
        JavaService victim = serving.get(random.nextInt(serving.size()));
        long pendingAtKill = pendingOf(redis, victim.name());
        victim.kill();
        long killedAt = System.currentTimeMillis();
        kills++;
        // the replacement starts alongside: the takeover is the survivors' job, not the newcomer's
        replacements.add(CompletableFuture.runAsync(stack::startWorkerUnchecked));
        while (pendingOf(redis, victim.name()) > 0 && System.currentTimeMillis() - killedAt < 30_000) {
          Thread.sleep(50);
        }
        takeoverMs.add(System.currentTimeMillis() - killedAt);
        takenOver += (int) pendingAtKill;
      }
      long faultEnd = System.currentTimeMillis();
      CompletableFuture.allOf(replacements.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      List<Outcome> outcomes = await(running, SECONDS + 60);
      Verdict verdict = Verdict.reach(stack.vertx, stack.apiPorts().get(0), token, outcomes, stack.crm, stack.mail, SETTLE_MS);
      long maxTakeover = takeoverMs.stream().mapToLong(Long::longValue).max().orElse(0);
      Row row = new Row("worker-sigkill", "worker crash", kills + " × SIGKILL to one of the 2 serving workers, 2 s apart "
        + "once a replacement serves; a new worker started at each kill (visibility timeout 2 s)", during(outcomes, start, faultEnd),
        verdict.lost(), verdict.duplicateSideEffects(),
        "≤ " + maxTakeover + " ms until a killed worker's " + takenOver + " pending tasks in all were taken over");
      REPORT.write(row, verdict, new JsonObject().put("timeline", Timeline.of(outcomes, start)).put("kills", kills).put("takeover_ms", new JsonArray(takeoverMs))
        .put("pending_at_kills", takenOver));
      assertClean(verdict);
    }
  }

  @Test
  @Order(2)
  void redisKilledAndRestartedWithAppendfsyncAlwaysKeepsEveryAcceptedWrite() throws Exception {
    try (ChaosStack stack = new ChaosStack(ROOT, REPORTS.resolve("redis-restart")).withApis(1).withWorkers(2)) {
      String token = stack.adminToken();
      SteadyLoad load = new SteadyLoad(stack.vertx, stack.apiPorts(), token, "redis-restart");
      long start = System.currentTimeMillis();
      Future<List<Outcome>> running = load.run(REQUESTS_PER_SECOND, SECONDS);
      Thread.sleep(SECONDS * 1000L / 3);
      long killedAt = System.currentTimeMillis();
      stack.redis.kill();
      Thread.sleep(3_000);
      stack.redis.start();
      long restartedAt = System.currentTimeMillis();
      List<Outcome> outcomes = await(running, SECONDS + 60);
      long firstAcceptedAfter = outcomes.stream().filter(o -> o.accepted() && o.sentAtMs() >= restartedAt)
        .mapToLong(Outcome::answeredAtMs).min().orElse(-1);
      Verdict verdict = Verdict.reach(stack.vertx, stack.apiPorts().get(0), token, outcomes, stack.crm, stack.mail, SETTLE_MS);
      long rejectedDuring = outcomes.stream().filter(o -> !o.accepted() && o.sentAtMs() >= killedAt - 1000
        && o.sentAtMs() <= restartedAt + 5000).count();
      Row row = new Row("redis-restart", "Redis crash and restart", "SIGKILL to redis-server (AOF, appendfsync always), "
        + "started again on the same port and data 3 s later", during(outcomes, killedAt, restartedAt)
        + "; " + rejectedDuring + " answered 503", verdict.lost(), verdict.duplicateSideEffects(),
        (firstAcceptedAfter - restartedAt) + " ms from Redis answering again to the next 2xx");
      REPORT.write(row, verdict, new JsonObject().put("timeline", Timeline.of(outcomes, start))
        .put("killed_at_second", (killedAt - start) / 1000.0).put("restarted_at_second", (restartedAt - start) / 1000.0)
        .put("outage_ms", restartedAt - killedAt)
        .put("rejected_around_outage", rejectedDuring));
      assertClean(verdict);
      assertThat(firstAcceptedAfter).isPositive();
    }
  }

  @Test
  @Order(3)
  void crmSlowThenFailingThenUnreachableEndsWithEveryLeadSyncedOnce() throws Exception {
    try (ChaosStack stack = new ChaosStack(ROOT, REPORTS.resolve("crm-faults")).withApis(1).withWorkers(2)) {
      String token = stack.adminToken();
      SteadyLoad load = new SteadyLoad(stack.vertx, stack.apiPorts(), token, "crm-faults");
      long phase = SECONDS * 1000L / 4;
      long start = System.currentTimeMillis();
      Future<List<Outcome>> running = load.run(REQUESTS_PER_SECOND, SECONDS);
      Thread.sleep(phase / 3);
      long faultStart = System.currentTimeMillis();
      stack.crm.mode(FaultyCrm.Mode.SLOW);
      Thread.sleep(phase);
      stack.crm.mode(FaultyCrm.Mode.FAILING);
      Thread.sleep(phase);
      stack.crm.mode(FaultyCrm.Mode.NORMAL);
      await(stack.crm.down(), 10);
      Thread.sleep(phase);
      await(stack.crm.up(), 10);
      long healthyAt = System.currentTimeMillis();
      List<Outcome> outcomes = await(running, SECONDS + 60);
      Verdict verdict = Verdict.reach(stack.vertx, stack.apiPorts().get(0), token, outcomes, stack.crm, stack.mail, SETTLE_MS);
      long lastBacklogSync = verdict.lastCrmSyncOfRequestsSentBefore(outcomes, healthyAt);
      long seconds = phase / 1000;
      Row row = new Row("crm-faults", "CRM slow, failing, unreachable", seconds + " s each: answers after 5 s (worker "
        + "timeout 2 s), then HTTP 500, then nothing listening on its port", during(outcomes, faultStart, healthyAt)
        + "; " + stack.crm.repeatedKeys() + " repeated creates absorbed by Idempotency-Key",
        verdict.lost(), verdict.duplicateSideEffects(),
        (lastBacklogSync - healthyAt) + " ms from the CRM answering again until the last lead accepted before reached it");
      REPORT.write(row, verdict, new JsonObject().put("timeline", Timeline.of(outcomes, start)).put("phase_ms", phase).put("crm_create_requests", stack.crm.createRequests())
        .put("crm_500s", stack.crm.failedOnPurpose()).put("crm_leads", stack.crm.leadsCreated()));
      assertClean(verdict);
      assertThat(verdict.leadsNotSynced()).isZero();
    }
  }

  @Test
  @Order(4)
  void anApiInstanceStoppedWithSigtermBehindTwoFailsNoRequest() throws Exception {
    try (ChaosStack stack = new ChaosStack(ROOT, REPORTS.resolve("api-sigterm")).withApis(2).withWorkers(1)) {
      String token = stack.adminToken();
      SteadyLoad load = new SteadyLoad(stack.vertx, stack.apiPorts(), token, "api-sigterm");
      long start = System.currentTimeMillis();
      Future<List<Outcome>> running = load.run(REQUESTS_PER_SECOND, SECONDS);
      Thread.sleep(SECONDS * 1000L / 3);
      JavaService first = stack.apis().get(0);
      long terminatedAt = System.currentTimeMillis();
      first.terminate();
      int exitCode = first.awaitExit(Duration.ofSeconds(30));
      long exitedAt = System.currentTimeMillis();
      first.start();
      assertThat(first.awaitReady(Duration.ofSeconds(60))).isTrue();
      long readyAgainAt = System.currentTimeMillis();
      List<Outcome> outcomes = await(running, SECONDS + 60);
      Verdict verdict = Verdict.reach(stack.vertx, stack.apiPorts().get(1), token, outcomes, stack.crm, stack.mail, SETTLE_MS);
      Row row = new Row("api-sigterm", "API instance stopped", "SIGTERM to one of 2 API instances (clients retry on "
        + "connection refused only), started again after it exited", during(outcomes, terminatedAt, readyAgainAt)
        + "; " + load.refusedConnections() + " refused connections retried on the other instance",
        verdict.lost(), verdict.duplicateSideEffects(),
        (exitedAt - terminatedAt) + " ms drain and exit (code " + exitCode + "), ready again "
          + (readyAgainAt - terminatedAt) + " ms after SIGTERM");
      REPORT.write(row, verdict, new JsonObject().put("timeline", Timeline.of(outcomes, start))
        .put("terminated_at_second", (terminatedAt - start) / 1000.0).put("exit_code", exitCode).put("refused_connections", load.refusedConnections()));
      assertClean(verdict);
      assertThat(exitCode).isZero();
      assertThat(verdict.accepted()).as("every request answered 2xx: %s", verdict.toJson()).isEqualTo(verdict.requests());
    }
  }

  private static List<JavaService> awaitServing(ChaosStack stack, int atLeast) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      List<JavaService> serving = stack.workers().stream().filter(JavaService::isServing).toList();
      if (serving.size() >= atLeast || System.currentTimeMillis() > deadline) {
        return serving;
      }
      Thread.sleep(50);
    }
  }

  /** The invariants every row must show: nothing accepted is lost, nothing happened twice, everything finished. */
  private static void assertClean(Verdict verdict) {
    assertThat(verdict.lost()).as("accepted writes lost: %s", verdict.toJson()).isZero();
    assertThat(verdict.duplicateSideEffects()).as("duplicate side effects: %s", verdict.toJson()).isZero();
    assertThat(verdict.notTerminal()).as("workflows still running").isEmpty();
    assertThat(verdict.rejectedByStatus().keySet()).as("statuses other than 2xx").allMatch(status -> status == 503);
    assertThat(verdict.noAnswer()).as("requests without an answer: %s", verdict.toJson()).isZero();
  }

  private static String during(List<Outcome> outcomes, long fromMs, long toMs) {
    int requests = 0;
    int tasks = 0;
    for (Outcome outcome : outcomes) {
      if (outcome.sentAtMs() >= fromMs && outcome.sentAtMs() <= toMs) {
        requests++;
        if (outcome.accepted()) {
          tasks += outcome.kind() == Kind.LEAD ? 2 : 3; // lead_process + crm_update; the three lead_intake steps
        }
      }
    }
    return requests + " requests (" + tasks + " tasks) in " + (toMs - fromMs) / 1000 + " s";
  }

  /** The killed worker's entries still in the consumer group's pending list. */
  private static long pendingOf(Redis redis, String consumer) throws Exception {
    Response summary = await(redis.send(Request.cmd(Command.XPENDING).arg(new QueueKeys("ao", "default").stream())
      .arg(QueueKeys.GROUP)), 10);
    Response consumers = summary.get(3);
    if (consumers == null) {
      return 0;
    }
    for (Response entry : consumers) {
      if (consumer.equals(entry.get(0).toString())) {
        return entry.get(1).toLong();
      }
    }
    return 0;
  }

  private static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
