package io.ao.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.chaos.ChaosReport.Row;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite: each test is one row of RELIABILITY.md's table. The real jars run as processes
 * under a steady load of lead writes and lead_intake triggers while one kind of fault is injected;
 * afterwards every 2xx is checked against what the system holds. Runs only with -Pchaos; {@code
 * -Dchaos.seconds} sets each scenario's load duration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSuiteTest {

  private static final int SECONDS = Integer.getInteger("chaos.seconds", 60);
  private static final Path ROOT =
      Path.of(System.getProperty("chaos.rootDir", "..")).toAbsolutePath().normalize();
  private static final Path REPORTS =
      Path.of(System.getProperty("chaos.reportDir", "target/chaos"));
  private static final ChaosReport REPORT = new ChaosReport(REPORTS);
  private static final int WORKFLOW_STARTS_PER_SECOND = 20;

  @Test
  @Order(1)
  void workersKilledWithSigkillEveryFewSecondsLoseNothingAndRunNoSideEffectTwice()
      throws Exception {
    try (ChaosStack stack =
        new ChaosStack(ROOT, REPORTS.resolve("worker-sigkill")).withApis(1).withWorkers(2)) {
      LoadRun run = LoadRun.start(stack, "worker-sigkill", SECONDS);
      Redis redis = Redis.createClient(stack.vertx, stack.redis.url());
      Random random = new Random(6);
      List<Long> takeoverMs = new ArrayList<>();
      int takenOver = 0;
      List<CompletableFuture<Void>> replacements = new ArrayList<>();
      while (System.currentTimeMillis() - run.startMs() < (SECONDS - 5) * 1000L) {
        Thread.sleep(2_000);
        // a kill only while another worker serves: the point is the survivors' takeover
        List<JavaService> serving = awaitServing(stack, 2);
        JavaService victim = serving.get(random.nextInt(serving.size()));
        long pendingAtKill = pendingOf(redis, victim.name());
        victim.kill();
        long killedAt = System.currentTimeMillis();
        // the replacement starts alongside: the takeover is the survivors' job, not the newcomer's
        replacements.add(CompletableFuture.runAsync(stack::startWorkerUnchecked));
        while (pendingOf(redis, victim.name()) > 0
            && System.currentTimeMillis() - killedAt < 30_000) {
          Thread.sleep(50);
        }
        takeoverMs.add(System.currentTimeMillis() - killedAt);
        takenOver += (int) pendingAtKill;
      }
      long faultEnd = System.currentTimeMillis();
      CompletableFuture.allOf(replacements.toArray(CompletableFuture[]::new))
          .get(120, TimeUnit.SECONDS);
      Verdict verdict = run.finish(0);
      long maxTakeover = takeoverMs.stream().mapToLong(Long::longValue).max().orElse(0);
      Row row =
          new Row(
              "worker-sigkill",
              "worker crash",
              takeoverMs.size()
                  + " × SIGKILL to one of the 2 serving "
                  + "workers, 2 s apart once a replacement serves; a new worker started at each kill (visibility timeout 2 s)",
              run.during(run.startMs(), faultEnd) + answers(verdict) + mail(verdict),
              verdict.lost(),
              verdict.duplicateSideEffects(),
              "≤ "
                  + maxTakeover
                  + " ms until a killed worker's pending tasks ("
                  + takenOver
                  + " in all) were taken over");
      REPORT.write(
          row,
          verdict,
          run.details()
              .put("kills", takeoverMs.size())
              .put("takeover_ms", new JsonArray(takeoverMs))
              .put("pending_at_kills", takenOver));
      assertClean(verdict);
    }
  }

  @Test
  @Order(2)
  void redisKilledAndRestartedWithAppendfsyncAlwaysKeepsEveryAcceptedWrite() throws Exception {
    try (ChaosStack stack =
        new ChaosStack(ROOT, REPORTS.resolve("redis-restart")).withApis(1).withWorkers(2)) {
      LoadRun run = LoadRun.start(stack, "redis-restart", SECONDS);
      run.sleepUntil(1.0 / 3);
      long killedAt = System.currentTimeMillis();
      stack.redis.kill();
      Thread.sleep(3_000);
      stack.redis.start();
      long restartedAt = System.currentTimeMillis();
      Verdict verdict = run.finish(0);
      long firstAcceptedAfter =
          run.outcomes().stream()
              .filter(o -> o.accepted() && o.sentAtMs() >= restartedAt)
              .mapToLong(Outcome::answeredAtMs)
              .min()
              .orElse(-1);
      Row row =
          new Row(
              "redis-restart",
              "Redis crash and restart",
              "SIGKILL to redis-server (AOF, appendfsync always), "
                  + "started again on the same port and data 3 s later",
              run.during(killedAt, restartedAt) + answers(verdict),
              verdict.lost(),
              verdict.duplicateSideEffects(),
              (firstAcceptedAfter - restartedAt)
                  + " ms from Redis answering again to the next 2xx");
      REPORT.write(
          row,
          verdict,
          run.details()
              .put("killed_at_second", run.at(killedAt))
              .put("restarted_at_second", run.at(restartedAt))
              .put("outage_ms", restartedAt - killedAt));
      assertClean(verdict);
      assertThat(firstAcceptedAfter).isPositive();
    }
  }

  @Test
  @Order(3)
  void crmSlowThenFailingThenUnreachableEndsWithEveryLeadSyncedOnce() throws Exception {
    try (ChaosStack stack =
        new ChaosStack(ROOT, REPORTS.resolve("crm-faults")).withApis(1).withWorkers(2)) {
      LoadRun run = LoadRun.start(stack, "crm-faults", SECONDS);
      long phase = SECONDS * 1000L / 4;
      run.sleepUntil(1.0 / 12);
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
      Verdict verdict = run.finish(0);
      long lastBacklogSync = verdict.lastCrmSyncOfRequestsSentBefore(run.outcomes(), healthyAt);
      Row row =
          new Row(
              "crm-faults",
              "CRM slow, failing, unreachable",
              phase / 1000
                  + " s each: answers after 5 s "
                  + "(worker timeout 2 s), then HTTP 500, then nothing listening on its port",
              run.during(faultStart, healthyAt)
                  + "; "
                  + stack.crm.repeatedKeys()
                  + " repeated creates absorbed by Idempotency-Key"
                  + answers(verdict),
              verdict.lost(),
              verdict.duplicateSideEffects(),
              (lastBacklogSync - healthyAt)
                  + " ms from the CRM answering again until the last lead accepted before reached it");
      REPORT.write(
          row,
          verdict,
          run.details()
              .put("fault_started_at_second", run.at(faultStart))
              .put("phase_ms", phase)
              .put("crm_create_requests", stack.crm.createRequests())
              .put("crm_500s", stack.crm.failedOnPurpose())
              .put("crm_leads", stack.crm.leadsCreated()));
      assertClean(verdict);
      assertThat(verdict.leadsNotSynced()).isZero();
    }
  }

  @Test
  @Order(4)
  void anApiInstanceStoppedWithSigtermBehindTwoFailsNoRequest() throws Exception {
    try (ChaosStack stack =
        new ChaosStack(ROOT, REPORTS.resolve("api-sigterm")).withApis(2).withWorkers(1)) {
      LoadRun run = LoadRun.start(stack, "api-sigterm", SECONDS);
      run.sleepUntil(1.0 / 3);
      JavaService first = stack.apis().get(0);
      long terminatedAt = System.currentTimeMillis();
      first.terminate();
      int exitCode = first.awaitExit(Duration.ofSeconds(30));
      long exitedAt = System.currentTimeMillis();
      first.start();
      assertThat(first.awaitReady(Duration.ofSeconds(60))).isTrue();
      long readyAgainAt = System.currentTimeMillis();
      Verdict verdict = run.finish(1);
      Row row =
          new Row(
              "api-sigterm",
              "API instance stopped",
              "SIGTERM to one of 2 API instances (clients retry on "
                  + "connection refused only), started again after it exited",
              run.during(terminatedAt, readyAgainAt)
                  + "; "
                  + run.refusedConnections()
                  + " refused connections retried on the other instance"
                  + answers(verdict),
              verdict.lost(),
              verdict.duplicateSideEffects(),
              (exitedAt - terminatedAt)
                  + " ms drain and exit (code "
                  + exitCode
                  + "), ready again "
                  + (readyAgainAt - terminatedAt)
                  + " ms after SIGTERM");
      REPORT.write(
          row,
          verdict,
          run.details()
              .put("terminated_at_second", run.at(terminatedAt))
              .put("exit_code", exitCode)
              .put("refused_connections", run.refusedConnections()));
      assertClean(verdict);
      assertThat(exitCode).isZero();
      // Graceful: nothing refused, nothing cut in the middle. What the drain cannot cover is a
      // connection the client opens in the instant the listener closes (it is reset before the
      // request is read): such a request is never half-done, so the client may send it again.
      assertThat(verdict.rejectedByStatus()).as("no 503 from a draining instance").isEmpty();
      assertThat(verdict.noAnswerButWritten())
          .as("unanswered requests that took effect: %s", verdict.toJson())
          .isZero();
    }
  }

  @Test
  @Order(5)
  void redisFailoverWithoutReplicaAcknowledgementReportsWhatItLoses() throws Exception {
    failover(0);
  }

  @Test
  @Order(6)
  void redisFailoverWithOneReplicaAcknowledgementLosesNoAcceptedWrite() throws Exception {
    failover(1);
  }

  /**
   * The master of a Sentinel set (2 replicas, 3 Sentinels, down-after 1 s) SIGKILLed mid-load; the
   * Sentinels promote a replica; the old master is started again and comes back as a replica. With
   * {@code min_replicas_ack} 0 the loss is reported as measured (replication is asynchronous, so a
   * write the master acknowledged and had not yet sent is gone); with 1 it must be zero.
   */
  private void failover(int minReplicasAck) throws Exception {
    String id = "redis-failover-ack" + minReplicasAck;
    try (ChaosStack stack =
        new ChaosStack(ROOT, REPORTS.resolve(id), minReplicasAck).withApis(1).withWorkers(2)) {
      LoadRun run = LoadRun.start(stack, id, SECONDS);
      run.sleepUntil(1.0 / 3);
      var master = stack.sentinel.master();
      int oldPort = master.port();
      long killedAt = System.currentTimeMillis();
      master.kill();
      int newPort = stack.sentinel.awaitNewMaster(oldPort, 90_000);
      long promotedAt = System.currentTimeMillis();
      master.start();
      stack.sentinel.awaitReplicaOnline(oldPort, 90_000);
      long rejoinedAt = System.currentTimeMillis();
      // the services followed the master without a restart: both name the promoted one
      JsonObject apiReady = new JsonObject(stack.apis().get(0).readiness());
      JsonObject workerReady = new JsonObject(stack.workers().get(0).readiness());
      Verdict verdict = run.finish(0);

      List<Outcome> refused =
          run.outcomes().stream()
              .filter(o -> o.status() == 503 && o.answeredAtMs() >= killedAt)
              .toList();
      long first503 = refused.stream().mapToLong(Outcome::answeredAtMs).min().orElse(killedAt);
      long last503 = refused.stream().mapToLong(Outcome::answeredAtMs).max().orElse(killedAt);
      long firstAcceptedAfter =
          run.outcomes().stream()
              .filter(o -> o.accepted() && o.sentAtMs() >= promotedAt)
              .mapToLong(Outcome::answeredAtMs)
              .min()
              .orElse(-1);
      boolean allFinished = verdict.notTerminal().isEmpty();
      Row row =
          new Row(
              id,
              "Redis failover, min_replicas_ack " + minReplicasAck,
              "SIGKILL to the Sentinel set's master (2 replicas, 3 Sentinels, down-after 1 s); a"
                  + " replica promoted after "
                  + (promotedAt - killedAt)
                  + " ms; the old master started again, a replica "
                  + (rejoinedAt - promotedAt)
                  + " ms later",
              run.during(killedAt, promotedAt) + answers(verdict) + mail(verdict),
              verdict.lost(),
              verdict.duplicateSideEffects(),
              (refused.isEmpty() ? "no 503" : "503 for " + (last503 - first503) + " ms")
                  + " ("
                  + refused.size()
                  + " answers); first 2xx "
                  + (firstAcceptedAfter - promotedAt)
                  + " ms after the promotion; every accepted workflow finished: "
                  + (allFinished ? "yes" : "no, " + verdict.notTerminal().size() + " did not"));
      REPORT.write(
          row,
          verdict,
          run.details()
              .put("min_replicas_ack", minReplicasAck)
              .put("old_master_port", oldPort)
              .put("new_master_port", newPort)
              .put("killed_at_second", run.at(killedAt))
              .put("promoted_at_second", run.at(promotedAt))
              .put("rejoined_at_second", run.at(rejoinedAt))
              .put("promotion_ms", promotedAt - killedAt)
              .put("answers_503", refused.size())
              .put("first_503_to_last_503_ms", last503 - first503)
              .put("first_2xx_after_promotion_ms", firstAcceptedAfter - promotedAt)
              .put("every_accepted_workflow_finished", allFinished)
              .put("api_readiness_after", apiReady)
              .put("worker_readiness_after", workerReady));
      assertThat(apiReady.getJsonObject("redis").getString("master"))
          .isEqualTo("127.0.0.1:" + newPort);
      assertThat(workerReady.getJsonObject("redis").getString("master"))
          .isEqualTo("127.0.0.1:" + newPort);
      assertThat(workerReady.getString("status")).isEqualTo("ready");
      assertThat(firstAcceptedAfter).as("a 2xx after the promotion").isPositive();
      assertThat(verdict.rejectedByStatus().keySet())
          .as("statuses other than 2xx")
          .allMatch(status -> status == 503);
      if (minReplicasAck >= 1) {
        assertClean(verdict);
      }
    }
  }

  /**
   * The workflow engine's row: 1,000 runs of a branching definition (a task, a condition, a durable
   * wait, then an email or a CRM call), started at a steady rate while a worker is SIGKILLed every
   * 5 s and Redis is killed and restarted once (AOF, appendfsync always); every run must succeed
   * once along its lead's branch, with each step once and each side effect once.
   */
  @Test
  @Order(7)
  void workflowRunsUnderWorkerKillsAndARedisRestartEachSucceedOnceAlongTheirBranch()
      throws Exception {
    String id = "workflow-runs";
    int wanted = Integer.getInteger("chaos.workflowRuns", 1000);
    try (ChaosStack stack = new ChaosStack(ROOT, REPORTS.resolve(id)).withApis(1).withWorkers(2)) {
      WorkflowRunsUnderFaults runs =
          new WorkflowRunsUnderFaults(stack.vertx, stack.apiPorts().get(0), stack.adminToken(), id);
      runs.define();
      Redis redis = Redis.createClient(stack.vertx, stack.redis.url());
      AtomicBoolean faulting = new AtomicBoolean(true);
      long startMs = System.currentTimeMillis();
      CompletableFuture<JsonObject> faults =
          CompletableFuture.supplyAsync(
              () -> killWorkersAndRestartRedisOnce(stack, redis, faulting, startMs));
      List<WorkflowRunsUnderFaults.Start> starts =
          runs.startRuns(wanted, WORKFLOW_STARTS_PER_SECOND, wanted * 3 / 2, 240);
      List<WorkflowRunsUnderFaults.Start> accepted =
          starts.stream().filter(WorkflowRunsUnderFaults.Start::accepted).toList();
      long lastAcceptedAt =
          accepted.stream().mapToLong(WorkflowRunsUnderFaults.Start::answeredAtMs).max().orElse(0);
      // the kills go on while the last runs wait and their timers fire
      long faultsUntil = lastAcceptedAt + 8_000;
      while (System.currentTimeMillis() < faultsUntil) {
        Thread.sleep(100);
      }
      faulting.set(false);
      JsonObject faultFigures = faults.get(300, TimeUnit.SECONDS);
      long faultEnd = System.currentTimeMillis();
      long[] settledAt = {0};
      Map<String, JsonObject> byId = runs.awaitTerminal(accepted, 180_000, settledAt);
      Thread.sleep(2_000); // a repeated send still on its way would arrive now
      var mails = WorkflowRunsUnderFaults.mailsByRecipient(stack.mail);

      Map<String, Integer> states = new TreeMap<>();
      int notFound = 0;
      int wrongPath = 0;
      int stepTwice = 0;
      int wrongStepState = 0;
      int mailBranch = 0;
      int mailMissing = 0;
      int mailTwoIds = 0;
      int mailNotTheStepsId = 0;
      int mailOnCrmBranch = 0;
      int crmMissing = 0;
      int crmOnMailBranch = 0;
      int redeliveredSteps = 0;
      long maxAttempts = 0;
      int wokeEarly = 0;
      List<Long> wakeLatenessMs = new ArrayList<>();
      List<String> examples = new ArrayList<>();
      Map<String, String> leadOfRun = new HashMap<>();
      for (WorkflowRunsUnderFaults.Start start : accepted) {
        JsonObject run = byId.get(start.workflowId());
        if (run == null) {
          notFound++;
          continue;
        }
        leadOfRun.put(start.workflowId(), run.getString("lead_id"));
        String status = run.getString("status");
        states.merge(status, 1, Integer::sum);
        List<String> expected =
            start.mailBranch()
                ? WorkflowRunsUnderFaults.MAIL_PATH
                : WorkflowRunsUnderFaults.CRM_PATH;
        List<String> path = run.getJsonArray("path").stream().map(String::valueOf).toList();
        if (path.size() != new HashSet<>(path).size()) {
          stepTwice++;
        }
        if ("succeeded".equals(status) && !path.equals(expected)) {
          wrongPath++;
          if (examples.size() < 5) {
            examples.add("path " + run.encode());
          }
        }
        for (Object each : run.getJsonArray("steps")) {
          JsonObject step = (JsonObject) each;
          boolean onPath = expected.contains(step.getString("name"));
          String stepStatus = step.getString("status");
          if ("succeeded".equals(status)
              && !(onPath ? "succeeded".equals(stepStatus) : "skipped".equals(stepStatus))) {
            wrongStepState++;
            if (examples.size() < 5) {
              examples.add("step " + step.encode() + " of " + start.workflowId());
            }
          }
          if (onPath && "wait".equals(step.getString("kind")) && step.getLong("wake_at") != null) {
            Long finished = step.getLong("finished_at");
            if (finished != null) {
              long lateness = finished - step.getLong("wake_at");
              wakeLatenessMs.add(lateness);
              if (lateness < 0) {
                wokeEarly++;
              }
            }
          }
          long attempts = step.getLong("attempts", 0L);
          maxAttempts = Math.max(maxAttempts, attempts);
          if (attempts > 1) {
            redeliveredSteps++;
          }
        }
        Map<String, Integer> received = mails.getOrDefault(start.email(), Map.of());
        if (start.mailBranch()) {
          mailBranch++;
          JsonObject followUp = WorkflowRunsUnderFaults.step(run, "follow_up");
          String taskId = followUp == null ? null : followUp.getString("task_id");
          if (received.isEmpty()) {
            mailMissing++;
          } else if (received.size() > 1) {
            mailTwoIds++;
          } else if (taskId == null
              || !received.keySet().iterator().next().startsWith("<task-" + taskId + "@")) {
            mailNotTheStepsId++;
            if (examples.size() < 5) {
              examples.add("message-id " + received + " for task " + taskId);
            }
          }
          if (stack.crm.hasLeadFor(start.email())) {
            crmOnMailBranch++;
          }
        } else {
          if (!received.isEmpty()) {
            mailOnCrmBranch++;
          }
          if (!stack.crm.hasLeadFor(start.email())) {
            crmMissing++;
          }
        }
      }
      Map<String, Integer> perLead = runs.runsPerLead(leadOfRun.values());
      long leadsWithTwoRuns = perLead.values().stream().filter(c -> c > 1).count();
      Set<String> acceptedEmails = new HashSet<>();
      accepted.forEach(a -> acceptedEmails.add(a.email()));
      long mailToRefusedStarts =
          mails.keySet().stream().filter(email -> !acceptedEmails.contains(email)).count();
      long received =
          mails.values().stream().flatMap(ids -> ids.values().stream()).mapToLong(c -> c).sum();
      long distinctIds = mails.values().stream().mapToLong(Map::size).sum();
      long repeats = received - distinctIds;
      Map<Integer, Integer> refusedByStatus = new TreeMap<>();
      starts.stream()
          .filter(s -> !s.accepted())
          .forEach(s -> refusedByStatus.merge(s.status(), 1, Integer::sum));
      int succeeded = states.getOrDefault("succeeded", 0);
      int failed = states.getOrDefault("failed", 0);
      int stuck =
          accepted.size() - notFound - succeeded - failed - states.getOrDefault("cancelled", 0);
      int lost = notFound + failed + stuck + mailMissing + crmMissing;
      int duplicates =
          (int) leadsWithTwoRuns
              + stepTwice
              + mailTwoIds
              + (int) stack.crm.emailsWithDuplicateLeads();
      long settleMs = settledAt[0] - faultEnd;
      Collections.sort(wakeLatenessMs);
      long wakeP50 = percentile(wakeLatenessMs, 0.50);
      long wakeP99 = percentile(wakeLatenessMs, 0.99);
      long wakeMax = percentile(wakeLatenessMs, 1.0);
      JsonArray takeovers = faultFigures.getJsonArray("takeover_ms");
      long maxTakeover =
          takeovers.stream().mapToLong(t -> ((Number) t).longValue()).max().orElse(0);
      JsonObject verdict =
          new JsonObject()
              .put("start_requests", starts.size())
              .put("runs", accepted.size())
              .put("refused_by_status", refusedJson(refusedByStatus))
              .put("run_states", new JsonObject(new HashMap<>(states)))
              .put("succeeded", succeeded)
              .put("failed", failed)
              .put("stuck", stuck)
              .put("not_found", notFound)
              .put("succeeded_on_wrong_path", wrongPath)
              .put("runs_with_a_step_twice_on_path", stepTwice)
              .put("steps_in_wrong_state", wrongStepState)
              .put("leads_with_two_runs", leadsWithTwoRuns)
              .put("mail_branch_runs", mailBranch)
              .put("crm_branch_runs", accepted.size() - mailBranch)
              .put("emails_received", received)
              .put("distinct_message_ids", distinctIds)
              .put("email_repeats_same_message_id", repeats)
              .put("mail_runs_without_email", mailMissing)
              .put("recipients_with_two_message_ids", mailTwoIds)
              .put("message_id_not_the_steps_task", mailNotTheStepsId)
              .put("emails_on_crm_branch", mailOnCrmBranch)
              .put("emails_to_refused_starts", mailToRefusedStarts)
              .put("crm_runs_without_crm_lead", crmMissing)
              .put("crm_leads_on_mail_branch", crmOnMailBranch)
              .put("crm_emails_with_two_leads", stack.crm.emailsWithDuplicateLeads())
              .put("crm_create_requests", stack.crm.createRequests())
              .put("crm_repeats_absorbed_by_key", stack.crm.repeatedKeys())
              .put("steps_with_more_than_one_attempt", redeliveredSteps)
              .put("max_attempts_of_a_step", maxAttempts)
              .put("settle_ms_after_faults", settleMs)
              .put("waits_ended", wakeLatenessMs.size())
              .put("waits_ended_before_wake_at", wokeEarly)
              .put("wait_lateness_ms_p50", wakeP50)
              .put("wait_lateness_ms_p99", wakeP99)
              .put("wait_lateness_ms_max", wakeMax)
              .put("examples", new JsonArray(examples));
      Row row =
          new Row(
              id,
              "Workflow runs under worker kills and a Redis restart",
              faultFigures.getInteger("kills")
                  + " × SIGKILL to one of the 2 serving workers, 5 s apart, a new worker started at"
                  + " each; Redis SIGKILLed once (AOF, appendfsync always) and started again 3 s"
                  + " later; "
                  + accepted.size()
                  + " runs of a branching workflow (lead_process, a condition, a PT4S or PT3S wait,"
                  + " then email_send or crm_update) started at "
                  + WORKFLOW_STARTS_PER_SECOND
                  + "/s",
              accepted.size()
                  + " runs: "
                  + succeeded
                  + " succeeded along their branch's path ("
                  + wrongPath
                  + " on another), "
                  + failed
                  + " failed, "
                  + stuck
                  + " stuck; "
                  + received
                  + " emails received, "
                  + distinctIds
                  + " distinct Message-IDs ("
                  + repeats
                  + " repeats) for "
                  + mailBranch
                  + " email runs; "
                  + stack.crm.repeatedKeys()
                  + " repeated CRM creates absorbed by Idempotency-Key; "
                  + redeliveredSteps
                  + " steps ran more than one attempt (at most "
                  + maxAttempts
                  + "); waits ended "
                  + wakeP50
                  + " ms after their wake_at at the median, "
                  + wakeP99
                  + " ms at p99, "
                  + wakeMax
                  + " ms at most; of "
                  + starts.size()
                  + " starts "
                  + (starts.size() - accepted.size())
                  + " refused "
                  + refusedByStatus,
              lost,
              duplicates,
              "≤ "
                  + maxTakeover
                  + " ms until a killed worker's pending tasks were taken over; every run terminal "
                  + settleMs
                  + " ms after the last fault");
      REPORT.write(
          row,
          verdict,
          faultFigures
              .put("started_at_ms", startMs)
              .put("last_run_accepted_at_second", (lastAcceptedAt - startMs) / 1000.0)
              .put("faults_ended_at_second", (faultEnd - startMs) / 1000.0));
      runs.close();
      assertThat(notFound).as("runs not found: %s", verdict.encode()).isZero();
      assertThat(succeeded)
          .as("runs not succeeded: %s", verdict.encode())
          .isEqualTo(accepted.size());
      assertThat(wrongPath).as("wrong path: %s", verdict.encode()).isZero();
      assertThat(wokeEarly).as("waits ended before their time: %s", verdict.encode()).isZero();
      assertThat(wakeLatenessMs).as("every run's wait ended").hasSize(accepted.size());
      assertThat(stepTwice).as("a step twice: %s", verdict.encode()).isZero();
      assertThat(wrongStepState).as("steps: %s", verdict.encode()).isZero();
      assertThat(leadsWithTwoRuns).as("runs doubled: %s", verdict.encode()).isZero();
      assertThat(mailMissing).as("emails lost: %s", verdict.encode()).isZero();
      assertThat(mailTwoIds).as("emails doubled: %s", verdict.encode()).isZero();
      assertThat(mailNotTheStepsId).as("Message-IDs: %s", verdict.encode()).isZero();
      assertThat(mailOnCrmBranch).as("emails on the CRM branch: %s", verdict.encode()).isZero();
      assertThat(crmMissing).as("CRM leads missing: %s", verdict.encode()).isZero();
      assertThat(stack.crm.emailsWithDuplicateLeads()).as("CRM doubled").isZero();
      assertThat(refusedByStatus.keySet())
          .as("refusals other than 503 or no answer: %s", refusedByStatus)
          .allMatch(status -> status == 503 || status == -1);
      assertThat(faultFigures.getBoolean("redis_restarted")).isTrue();
    }
  }

  /** The {@code q} quantile of sorted values (nearest rank); 0 when there are none. */
  private static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static JsonObject refusedJson(Map<Integer, Integer> byStatus) {
    JsonObject json = new JsonObject();
    byStatus.forEach((status, count) -> json.put(Integer.toString(status), count));
    return json;
  }

  /**
   * Every 5 s, while {@code faulting}: a SIGKILL to one of the 2 serving workers (a replacement
   * started alongside) and the time until its pending tasks were taken over; once, 25 s in, Redis
   * SIGKILLed and started again 3 s later.
   */
  private static JsonObject killWorkersAndRestartRedisOnce(
      ChaosStack stack, Redis redis, AtomicBoolean faulting, long startMs) {
    List<Long> takeoverMs = new ArrayList<>();
    List<CompletableFuture<Void>> replacements = new ArrayList<>();
    JsonObject figures = new JsonObject().put("redis_restarted", false);
    Random random = new Random(16);
    try {
      while (faulting.get()) {
        long wakeAt = System.currentTimeMillis() + 5_000;
        while (faulting.get() && System.currentTimeMillis() < wakeAt) {
          Thread.sleep(100);
        }
        if (!faulting.get()) {
          break;
        }
        if (!figures.getBoolean("redis_restarted")
            && System.currentTimeMillis() - startMs >= 25_000) {
          long killedAt = System.currentTimeMillis();
          stack.redis.kill();
          Thread.sleep(3_000);
          stack.redis.start();
          figures
              .put("redis_restarted", true)
              .put("redis_killed_at_second", (killedAt - startMs) / 1000.0)
              .put("redis_outage_ms", System.currentTimeMillis() - killedAt);
        }
        List<JavaService> serving = awaitServing(stack, 2);
        JavaService victim = serving.get(random.nextInt(serving.size()));
        victim.kill();
        long killedAt = System.currentTimeMillis();
        replacements.add(CompletableFuture.runAsync(stack::startWorkerUnchecked));
        long pending;
        do {
          Thread.sleep(50);
          pending = pendingOrMinusOne(redis, victim.name());
        } while (pending != 0 && System.currentTimeMillis() - killedAt < 30_000);
        takeoverMs.add(System.currentTimeMillis() - killedAt);
      }
      CompletableFuture.allOf(replacements.toArray(CompletableFuture[]::new))
          .get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fault injection failed", e);
    }
    return figures.put("kills", takeoverMs.size()).put("takeover_ms", new JsonArray(takeoverMs));
  }

  private static long pendingOrMinusOne(Redis redis, String consumer) {
    try {
      return pendingOf(redis, consumer);
    } catch (Exception e) {
      return -1; // Redis not answering yet
    }
  }

  /** "; E succeeded runs without their email, R emails repeated with the same Message-ID". */
  private static String mail(Verdict verdict) {
    return "; "
        + verdict.mailsMissing()
        + " succeeded runs without their email, "
        + verdict.mailRepeats()
        + " emails received again with the same Message-ID";
  }

  /**
   * What the clients saw over the whole run: "; of N: A 2xx, B 503, C no answer (D of them
   * written)".
   */
  private static String answers(Verdict verdict) {
    int refused = verdict.rejectedByStatus().values().stream().mapToInt(Integer::intValue).sum();
    return "; of all "
        + verdict.requests()
        + ": "
        + verdict.accepted()
        + " 2xx, "
        + refused
        + " 503, "
        + verdict.noAnswer()
        + " no answer"
        + (verdict.noAnswer() == 0
            ? ""
            : " (" + verdict.noAnswerButWritten() + " of them written)");
  }

  private static List<JavaService> awaitServing(ChaosStack stack, int atLeast)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      List<JavaService> serving = stack.workers().stream().filter(JavaService::isServing).toList();
      if (serving.size() >= atLeast || System.currentTimeMillis() > deadline) {
        return serving;
      }
      Thread.sleep(50);
    }
  }

  /**
   * The invariants every row must show: nothing accepted is lost, nothing happened twice,
   * everything finished, and a refusal is a 503 (never a 500 or another status).
   */
  private static void assertClean(Verdict verdict) {
    assertThat(verdict.lost()).as("accepted writes lost: %s", verdict.toJson()).isZero();
    assertThat(verdict.duplicateSideEffects())
        .as("duplicate side effects: %s", verdict.toJson())
        .isZero();
    assertThat(verdict.notTerminal()).as("workflows still running").isEmpty();
    assertThat(verdict.mailsMissing())
        .as("succeeded runs without their email: %s", verdict.toJson())
        .isZero();
    assertThat(verdict.rejectedByStatus().keySet())
        .as("statuses other than 2xx")
        .allMatch(status -> status == 503);
    // A request without an answer is reported, not asserted: the client never heard "accepted",
    // so it is no loss; RELIABILITY.md counts them (and whether each took effect) per fault.

  }

  /** The killed worker's entries still in the consumer group's pending list. */
  private static long pendingOf(Redis redis, String consumer) throws Exception {
    Response summary =
        await(
            redis.send(
                Request.cmd(Command.XPENDING)
                    .arg(new QueueKeys("ao", "default").stream())
                    .arg(QueueKeys.GROUP)),
            10);
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
