package io.ao.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.RedisTarget;
import io.ao.system.support.EngineStack;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workflow engine end to end, API and worker on a real Redis with the CRM stand-in and
 * GreenMail: definitions as versioned data, every step kind, lead triggers, cancel_if, a deleted
 * lead cancelling its runs, unique runs per lead, version pinning, and expression errors at run
 * time. Against one server ({@link WorkflowEngineTest}) and a 3-master cluster ({@link
 * WorkflowEngineClusterTest}).
 */
abstract class WorkflowEngineContract {

  private static final int SMTP_PORT = FreePort.find();
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private final RedisTarget redis;
  private final int partitions;
  private EngineStack stack;
  private RunningApi api;

  WorkflowEngineContract(RedisTarget redis, int partitions) {
    this.redis = redis;
    this.partitions = partitions;
  }

  @BeforeEach
  void start() {
    redis.flushAll();
    stack = EngineStack.start(redis, partitions, SMTP_PORT, Map.of());
    api = stack.api();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  // ---- definitions as data ----

  @Test
  void definitionsAreVersionedDataAndTheConfigSeedsVersionOne() {
    JsonObject seeded = api.get("/api/workflows/definitions/lead_intake").bodyAsJsonObject();
    assertThat(seeded.getInteger("version")).isEqualTo(1);
    assertThat(seeded.getJsonArray("steps")).hasSize(3);

    HttpResponse<Buffer> created = define(NOOP_TWICE);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/api/workflows/definitions/two_noops");
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(created.bodyAsJsonObject().getInteger("version")).isEqualTo(1);
    assertThat(define(NOOP_TWICE).statusCode()).as("the name is taken").isEqualTo(409);

    JsonObject v2 = new JsonObject(NOOP_TWICE).put("description", "version two");
    HttpResponse<Buffer> put =
        api.asAdmin(HttpMethod.PUT, "/api/workflows/definitions/two_noops")
            .putHeader("If-Match", "\"1\"")
            .sendJsonObject(v2)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    HttpResponse<Buffer> stale =
        api.asAdmin(HttpMethod.PUT, "/api/workflows/definitions/two_noops")
            .putHeader("If-Match", "\"1\"")
            .sendJsonObject(v2)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(stale.statusCode())
        .as("If-Match names version 1, version 2 is stored")
        .isEqualTo(412);

    assertThat(
            api.get("/api/workflows/definitions/two_noops/versions/1")
                .bodyAsJsonObject()
                .getString("description"))
        .isEqualTo("two no-ops");
    assertThat(api.get("/api/workflows/definitions/two_noops/versions/9").statusCode())
        .isEqualTo(404);

    assertThat(api.send(HttpMethod.DELETE, "/api/workflows/definitions/two_noops").statusCode())
        .isEqualTo(204);
    assertThat(names(api.get("/api/workflows/definitions").bodyAsJsonObject()))
        .contains("lead_intake")
        .doesNotContain("two_noops");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/workflows",
            new JsonObject()
                .put("workflow", "two_noops")
                .put("lead_id", newLead("off@example.com"))),
        "workflow");
    assertThat(
            api.get("/api/workflows/definitions/two_noops/versions/2")
                .bodyAsJsonObject()
                .getInteger("version"))
        .as("a disabled definition's versions stay readable")
        .isEqualTo(2);
  }

  @Test
  void aDefinitionThatCannotRunIsRefusedNamingTheField() {
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"type\":\"noop\"},{\"name\":\"a\",\"type\":\"noop\"}]}",
        "steps[1].name");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"type\":\"noop\",\"next\":\"nowhere\"}]}",
        "steps[0].next");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"type\":\"noop\",\"next\":\"b\"},"
            + "{\"name\":\"b\",\"type\":\"noop\",\"next\":\"a\"}]}",
        "steps[1].next");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"type\":\"fax_send\"}]}", "steps[0].type");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"if\":\"lead.score >=\",\"then\":\"b\",\"else\":\"b\"},"
            + "{\"name\":\"b\",\"end\":true}]}",
        "steps[0].if");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"if\":\"leed.score > 1\",\"then\":\"b\",\"else\":\"b\"},"
            + "{\"name\":\"b\",\"end\":true}]}",
        "steps[0].if");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"wait\":\"P400D\"}]}", "steps[0].wait");
    assertRefused(
        "{\"name\":\"d\",\"steps\":[{\"name\":\"a\",\"wait\":\"PT0S\"}]}", "steps[0].wait");
    assertRefused("{\"name\":\"d\",\"steps\":[]}", "steps");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 101; i++) {
      many.add(new JsonObject().put("name", "s" + i).put("type", "noop"));
    }
    assertRefused(new JsonObject().put("name", "d").put("steps", many).encode(), "steps");
    assertRefused(
        "{\"name\":\"d\",\"trigger\":{\"on\":\"lead.created\",\"if\":\"lead.nope == 1\"},"
            + "\"steps\":[{\"name\":\"a\",\"type\":\"noop\"}]}",
        "trigger.if");
    assertRefused(
        "{\"name\":\"d\",\"cancel_if\":\"lead.status ==\",\"steps\":[{\"name\":\"a\",\"type\":\"noop\"}]}",
        "cancel_if");
  }

  // ---- step kinds and runs ----

  @Test
  void aRunTakesTheBranchItsLeadChoosesThroughTasksWaitsAndAnEnd() {
    define(
        """
        {"name": "scored", "steps": [
          {"name": "process", "type": "lead_process"},
          {"name": "hot", "if": "lead.score >= 30 && steps.process.status == 'succeeded'",
           "then": "pause", "else": "cold_end"},
          {"name": "pause", "wait": "PT1S"},
          {"name": "sync", "type": "crm_update", "next": "done"},
          {"name": "cold_end", "end": true},
          {"name": "done", "end": true}]}
        """);
    // company (20) + phone (10) scores 30: hot; a bare gmail address scores 0: cold
    String hot =
        start("scored", newLead("ada@gmail.com", "company", "Engines", "phone", "+1 202 555 0100"));
    String cold = start("scored", newLead("bob@gmail.com"));

    JsonObject hotRun = awaitStatus(hot, "succeeded");
    assertThat(hotRun.getJsonArray("path"))
        .containsExactly("process", "hot", "pause", "sync", "done");
    JsonObject branch = step(hotRun, "hot");
    assertThat(branch.getString("kind")).isEqualTo("condition");
    assertThat(branch.getString("branch")).isEqualTo("then");
    JsonObject pause = step(hotRun, "pause");
    assertThat(pause.getString("kind")).isEqualTo("wait");
    assertThat(pause.getLong("finished_at") - pause.getLong("started_at"))
        .as("the wait lasted its second")
        .isGreaterThanOrEqualTo(1_000);
    assertThat(pause.getLong("wake_at")).isNotNull();
    assertThat(step(hotRun, "process").getJsonObject("output").getInteger("score")).isEqualTo(30);
    assertThat(step(hotRun, "cold_end").getString("status")).isEqualTo("skipped");
    assertThat(hotRun.getInteger("definition_version")).isEqualTo(1);
    assertThat(step(hotRun, "sync").getString("status")).isEqualTo("succeeded");
    assertThat(step(hotRun, "sync").getInteger("attempts")).isEqualTo(1);

    JsonObject coldRun = awaitStatus(cold, "succeeded");
    assertThat(coldRun.getJsonArray("path")).containsExactly("process", "hot", "cold_end");
    assertThat(step(coldRun, "hot").getString("branch")).isEqualTo("else");
  }

  @Test
  void aWaitForResumesOnTheLeadWriteThatMakesItTrueAndTimesOutOtherwise() {
    define(
        """
        {"name": "reply", "steps": [
          {"name": "await_contact", "wait_for": "lead.status == 'contacted'", "timeout": "PT30S",
           "on_timeout": "gave_up", "next": "contacted"},
          {"name": "contacted", "end": true},
          {"name": "gave_up", "end": true}]}
        """);
    define(
        """
        {"name": "short_reply", "steps": [
          {"name": "await_contact", "wait_for": "lead.status == 'contacted'", "timeout": "PT1S",
           "on_timeout": "gave_up"},
          {"name": "contacted", "end": true},
          {"name": "gave_up", "end": true}]}
        """);
    String lead = newLead("wait@example.com");
    String resumed = start("reply", lead);
    String timedOut = start("short_reply", newLead("silent@example.com"));
    awaitStatus(resumed, "waiting");

    long written = System.currentTimeMillis();
    patchLead(lead, new JsonObject().put("status", "contacted"));
    JsonObject run = awaitStatus(resumed, "succeeded");
    assertThat(run.getJsonArray("path")).containsExactly("await_contact", "contacted");
    JsonObject waited = step(run, "await_contact");
    assertThat(waited.getJsonObject("output").getBoolean("timed_out")).isFalse();
    assertThat(waited.getLong("finished_at") - written)
        .as("resumed within a second of the write")
        .isLessThan(1_000);

    JsonObject gaveUp = awaitStatus(timedOut, "succeeded");
    assertThat(gaveUp.getJsonArray("path")).containsExactly("await_contact", "gave_up");
    assertThat(step(gaveUp, "await_contact").getJsonObject("output").getBoolean("timed_out"))
        .isTrue();
  }

  @Test
  void aWaitForAlreadyTrueGoesStraightOn() {
    define(
        """
        {"name": "reply_now", "steps": [
          {"name": "await_contact", "wait_for": "lead.status == 'contacted'", "timeout": "P1D",
           "on_timeout": "gave_up", "next": "contacted"},
          {"name": "contacted", "end": true},
          {"name": "gave_up", "end": true}]}
        """);
    String run = start("reply_now", newLead("now@example.com", "status", "contacted"));
    assertThat(awaitStatus(run, "succeeded").getJsonArray("path"))
        .containsExactly("await_contact", "contacted");
  }

  // ---- triggers ----

  @Test
  void leadEventTriggersStartRunsForTheLeadsTheyMatch() {
    define(
        """
        {"name": "web_welcome", "trigger": {"on": "lead.created", "if": "lead.source == 'web_form'"},
         "steps": [{"name": "hello", "type": "noop"}]}
        """);
    define(
        """
        {"name": "on_qualified", "trigger": {"on": "lead.updated", "if": "lead.status == 'qualified'"},
         "steps": [{"name": "note", "type": "noop"}]}
        """);
    String web = newLead("web@example.com", "source", "web_form");
    String referral = newLead("ref@example.com", "source", "referral");
    assertThat(runsOf(web)).extracting(r -> r.getString("workflow")).containsExactly("web_welcome");
    assertThat(runsOf(referral)).isEmpty();
    JsonObject welcome = runsOf(web).get(0);
    assertThat(welcome.getString("trigger")).isEqualTo("lead.created");
    awaitStatus(welcome.getString("workflow_id"), "succeeded");

    patchLead(referral, new JsonObject().put("notes", "called"));
    assertThat(runsOf(referral)).as("an update that does not match").isEmpty();
    patchLead(referral, new JsonObject().put("status", "qualified"));
    assertThat(runsOf(referral))
        .extracting(r -> r.getString("workflow"))
        .containsExactly("on_qualified");
  }

  @Test
  void aTriggerWhoseExpressionFailsDoesNotMatchIsCountedAndTheLeadIsStored() {
    define(
        """
        {"name": "fragile", "trigger": {"on": "lead.created", "if": "lead.custom_fields.budget > 100"},
         "steps": [{"name": "hello", "type": "noop"}]}
        """);
    String lead = newLead("fragile@example.com");
    assertThat(runsOf(lead)).isEmpty();
    assertThat(api.get("/metrics").bodyAsString())
        .containsPattern(
            "ao_workflow_expression_errors_total\\{[^}]*where=\"trigger.if\"[^}]*workflow=\"fragile\"[^}]*} 1.0");
  }

  // ---- cancel and uniqueness ----

  @Test
  void cancelIfStopsARunAtTheLeadWriteThatMakesItTrue() {
    define(
        """
        {"name": "nurture", "cancel_if": "lead.status == 'lost'", "steps": [
          {"name": "pause", "wait": "P1D"},
          {"name": "follow_up", "type": "email_send", "template": "follow_up"}]}
        """);
    String lead = newLead("lost@example.com");
    String run = start("nurture", lead);
    awaitStatus(run, "waiting");
    patchLead(lead, new JsonObject().put("status", "lost"));
    JsonObject cancelled = status(run);
    assertThat(cancelled.getString("status"))
        .as("in the write's own script")
        .isEqualTo("cancelled");
    assertThat(cancelled.getString("cancel_reason")).isEqualTo("cancel_if");
    assertThat(step(cancelled, "pause").getString("status")).isEqualTo("cancelled");
    assertThat(step(cancelled, "follow_up").getString("status")).isEqualTo("cancelled");
  }

  @Test
  void aStepRunningWhenItsRunIsCancelledFinishesAndNoLaterStepStarts() {
    define(
        """
        {"name": "slow_sync", "steps": [
          {"name": "sync", "type": "crm_update"},
          {"name": "after", "type": "noop"}]}
        """);
    String lead = newLead("slow@example.com");
    awaitCrmCalls(1); // the lead's own sync chain
    stack.crm().holdNext(1_500);
    String run = start("slow_sync", lead);
    awaitCrmCalls(2); // the run's sync is with the CRM now
    assertThat(api.send(HttpMethod.POST, "/api/workflows/" + run + "/cancel").statusCode())
        .isEqualTo(202);
    assertThat(status(run).getString("status")).isEqualTo("cancelled");

    eventually(() -> "succeeded".equals(step(status(run), "sync").getString("status")));
    JsonObject done = status(run);
    assertThat(done.getString("status")).isEqualTo("cancelled");
    assertThat(done.getJsonArray("path"))
        .as("the running step finished, nothing after it")
        .containsExactly("sync");
    assertThat(step(done, "after").getString("status")).isEqualTo("cancelled");
  }

  @Test
  void deletingALeadCancelsItsRunsAndTheirPendingEmails() throws Exception {
    define(
        """
        {"name": "drip", "steps": [
          {"name": "pause", "wait": "PT2S"},
          {"name": "follow_up", "type": "email_send", "template": "follow_up"}]}
        """);
    String lead = newLead("gone@example.com", "first_name", "Gone");
    String run = start("drip", lead);
    awaitStatus(run, "waiting");
    assertThat(api.send(HttpMethod.DELETE, "/api/leads/" + lead).statusCode()).isEqualTo(204);
    JsonObject cancelled = status(run);
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getString("cancel_reason")).isEqualTo("lead_deleted");
    Thread.sleep(3_000); // past the wait: nothing may wake up and send
    assertThat(mail.getReceivedMessages()).isEmpty();
    assertThat(status(run).getString("status")).isEqualTo("cancelled");
  }

  @Test
  void aUniqueWorkflowHasOneActiveRunPerLeadAndSkippedTriggersAreCounted() {
    define(
        """
        {"name": "single", "unique": "per_lead", "trigger": {"on": "lead.updated"},
         "steps": [{"name": "pause", "wait": "P1D"}]}
        """);
    String lead = newLead("once@example.com");
    String first = start("single", lead);
    HttpResponse<Buffer> second =
        api.postJson(
            "/api/workflows", new JsonObject().put("workflow", "single").put("lead_id", lead));
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.bodyAsJsonObject().getString("existing_id")).isEqualTo(first);

    patchLead(lead, new JsonObject().put("notes", "one"));
    patchLead(lead, new JsonObject().put("notes", "two"));
    assertThat(runsOf(lead)).hasSize(1);
    assertThat(api.get("/metrics").bodyAsString())
        .contains("ao_workflow_triggers_skipped_total{workflow=\"single\"} 2.0");

    api.send(HttpMethod.POST, "/api/workflows/" + first + "/cancel");
    assertThat(start("single", lead)).as("once the active run ended").isNotEqualTo(first);
  }

  // ---- versions and errors ----

  @Test
  void aRunWaitingOnVersionOneFinishesOnVersionOneAfterAPutMakesVersionTwo() {
    define(
        """
        {"name": "pinned", "description": "v1", "steps": [
          {"name": "pause", "wait": "PT1S"},
          {"name": "v1_step", "type": "noop"}]}
        """);
    String lead = newLead("pin@example.com");
    String onV1 = start("pinned", lead);
    awaitStatus(onV1, "waiting");
    api.asAdmin(HttpMethod.PUT, "/api/workflows/definitions/pinned")
        .sendJsonObject(
            new JsonObject(
                """
                {"description": "v2", "steps": [
                  {"name": "pause", "wait": "PT1S"},
                  {"name": "v2_step", "type": "noop"}]}
                """))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    String onV2 = start("pinned", lead);

    JsonObject v1 = awaitStatus(onV1, "succeeded");
    assertThat(v1.getInteger("definition_version")).isEqualTo(1);
    assertThat(v1.getJsonArray("path")).containsExactly("pause", "v1_step");
    JsonObject v2 = awaitStatus(onV2, "succeeded");
    assertThat(v2.getInteger("definition_version")).isEqualTo(2);
    assertThat(v2.getJsonArray("path")).containsExactly("pause", "v2_step");
  }

  @Test
  void anExpressionThatFailsInAStepFailsTheRunNamingTheStep() {
    define(
        """
        {"name": "budget", "steps": [
          {"name": "big", "if": "lead.custom_fields.budget > 100", "then": "yes", "else": "no"},
          {"name": "yes", "end": true},
          {"name": "no", "end": true}]}
        """);
    JsonObject failed = awaitStatus(start("budget", newLead("nobudget@example.com")), "failed");
    assertThat(failed.getString("error")).startsWith("big: if: ");
    assertThat(step(failed, "big").getString("status")).isEqualTo("failed");
  }

  @Test
  void aFailedStepReDrivenFromTheDeadLettersResumesItsRun() {
    define(
        """
        {"name": "sync_then_note", "steps": [
          {"name": "sync", "type": "crm_update"},
          {"name": "note", "type": "noop"}]}
        """);
    String lead = newLead("redrive@example.com");
    // the lead's own sync chain makes its CRM call first; fail the run's call after it
    awaitCrmCalls(1);
    stack.crm().answerNext(400);
    String run = start("sync_then_note", lead);
    JsonObject failed = awaitStatus(run, "failed");
    assertThat(failed.getString("error")).startsWith("sync: CRM answered 400");
    String task = step(failed, "sync").getString("task_id");

    HttpResponse<Buffer> retried =
        api.send(HttpMethod.POST, "/api/admin/dead-letters/" + task + "/retry");
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(202);
    JsonObject resumed = awaitStatus(run, "succeeded");
    assertThat(resumed.getJsonArray("path")).containsExactly("sync", "note");
    assertThat(step(resumed, "sync").getInteger("attempts")).isEqualTo(1);
  }

  // ---- helpers ----

  private void awaitCrmCalls(int count) {
    eventually(() -> stack.crm().received().size() >= count);
  }

  private static void eventually(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within %s", RUN_TIMEOUT).isLessThan(deadline);
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static final String NOOP_TWICE =
      """
      {"name": "two_noops", "description": "two no-ops", "steps": [
        {"name": "first", "type": "noop"}, {"name": "second", "type": "noop"}]}
      """;

  private HttpResponse<Buffer> define(String json) {
    return api.postJson("/api/workflows/definitions", new JsonObject(json));
  }

  private void assertRefused(String json, String field) {
    Problems.assertInvalidFields(define(json), field);
  }

  private static List<String> names(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("name"))
        .toList();
  }

  private String newLead(String email, String... fields) {
    JsonObject lead = new JsonObject().put("email", email);
    for (int i = 0; i < fields.length; i += 2) {
      lead.put(fields[i], fields[i + 1]);
    }
    HttpResponse<Buffer> created = api.postJson("/api/leads", lead);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private void patchLead(String id, JsonObject patch) {
    HttpResponse<Buffer> patched =
        api.asAdmin(HttpMethod.PATCH, "/api/leads/" + id)
            .sendJsonObject(patch)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
  }

  private String start(String workflow, String leadId) {
    HttpResponse<Buffer> accepted =
        api.postJson(
            "/api/workflows", new JsonObject().put("workflow", workflow).put("lead_id", leadId));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("workflow_id");
  }

  private List<JsonObject> runsOf(String leadId) {
    return api
        .get("/api/workflows?lead_id=" + leadId)
        .bodyAsJsonObject()
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  private JsonObject status(String runId) {
    HttpResponse<Buffer> response = api.get("/api/workflows/" + runId + "/status");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Polls the run until it has {@code wanted} status; fails with the last document otherwise. */
  private JsonObject awaitStatus(String runId, String wanted) {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    JsonObject last = status(runId);
    while (!wanted.equals(last.getString("status"))) {
      if (System.nanoTime() > deadline) {
        String current = last.getString("current_step");
        String task = current == null ? null : step(last, current).getString("task_id");
        throw new AssertionError(
            "run %s not %s within %s: %s%nits current step's task: %s"
                .formatted(
                    runId,
                    wanted,
                    RUN_TIMEOUT,
                    last.encodePrettily(),
                    (task == null ? "none" : api.get("/api/tasks/" + task).bodyAsString())
                        + "\nqueues: "
                        + api.get("/api/admin/queues").bodyAsString()));
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = status(runId);
    }
    return last;
  }

  private static JsonObject step(JsonObject run, String name) {
    return run.getJsonArray("steps").stream()
        .map(JsonObject.class::cast)
        .filter(step -> name.equals(step.getString("name")))
        .findFirst()
        .orElseThrow();
  }
}
