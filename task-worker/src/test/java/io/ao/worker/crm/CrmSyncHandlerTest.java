package io.ao.worker.crm;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.CrmConfig;
import io.ao.shared.config.CrmRateLimit;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.support.HandlerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The handler test template: a new handler's test copies this shape. The handler runs alone,
 * against the test's own Redis ({@link HandlerHarness}) and a real HTTP server standing in for the
 * outside system, and each test states one outcome the worker acts on: a result (success), a {@link
 * PermanentTaskFailure} (fail at once) or another failure (retry).
 */
@ExtendWith(RedisServerExtension.class)
class CrmSyncHandlerTest {

  private static HandlerHarness harness;
  private static HttpServer crm;
  private static final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private static volatile int answerStatus = 201;
  private static final long RESYNC_DELAY_MS = 60_000;

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
    crm =
        await(
            harness
                .vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  received.add(
                                      new JsonObject()
                                          .put("method", request.method().name())
                                          .put("path", request.path())
                                          .put(
                                              "idempotency_key",
                                              request.getHeader("Idempotency-Key"))
                                          .put("authorization", request.getHeader("Authorization"))
                                          .put(
                                              "body",
                                              body.length() == 0 ? null : body.toJsonObject()));
                                  request
                                      .response()
                                      .setStatusCode(answerStatus)
                                      .putHeader("Content-Type", "application/json")
                                      .end(
                                          answerStatus < 400
                                              ? "{\"id\":\"crm-7\"}"
                                              : "{\"error\":\"email is invalid\"}");
                                }))
                .listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void reset() {
    harness.reset();
    received.clear();
    answerStatus = 201;
  }

  private static CrmSyncHandler handler(String baseUrl) {
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("email", "emailAddress");
    mapping.put("first_name", "firstName");
    CrmConfig settings =
        new CrmConfig(
            CrmConfig.GENERIC,
            baseUrl,
            "/api/leads",
            "/api/leads/{id}",
            "/api/leads/{id}",
            "Authorization",
            "Bearer test-token",
            2_000,
            mapping,
            "id",
            5,
            10_000,
            RESYNC_DELAY_MS,
            "",
            "",
            "UTC",
            "",
            CrmTestSettings.salesforce("http://127.0.0.1:1"),
            CrmRateLimit.none());
    return new CrmSyncHandler(
        harness.leads,
        settings,
        CrmProviders.create(
            harness.vertx, harness.redis, "ao", settings, new SimpleMeterRegistry()));
  }

  private static CrmSyncHandler handler() {
    return handler("http://127.0.0.1:" + crm.actualPort());
  }

  @Test
  void aNewLeadIsCreatedInTheCrmAndItsCrmIdStored() {
    String leadId =
        harness.storeLead(
            new JsonObject().put("email", "ada@example.com").put("first_name", "Ada"));
    TaskContext task =
        harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId));

    JsonObject result = await(handler().handle(task));

    assertThat(result.getString("crm_id")).isEqualTo("crm-7");
    assertThat(received)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.getString("method")).isEqualTo("POST");
              assertThat(call.getString("path")).isEqualTo("/api/leads");
              assertThat(call.getString("idempotency_key"))
                  .as("the task id")
                  .isEqualTo(task.taskId());
              assertThat(call.getString("authorization")).isEqualTo("Bearer test-token");
              assertThat(call.getJsonObject("body"))
                  .isEqualTo(
                      new JsonObject()
                          .put("emailAddress", "ada@example.com")
                          .put("firstName", "Ada"));
            });
    JsonObject lead = harness.lead(leadId);
    assertThat(lead.getString("crm_id")).isEqualTo("crm-7");
    assertThat(lead.getString("crm_sync_state")).isEqualTo("synced");
  }

  @Test
  void aLeadTheCrmKnowsIsUpdatedUnderItsCrmId() {
    answerStatus = 200;
    String leadId =
        harness.storeLead(new JsonObject().put("email", "ada@example.com").put("crm_id", "crm-3"));

    await(
        handler()
            .handle(
                harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(received)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.getString("method")).isEqualTo("PUT");
              assertThat(call.getString("path")).isEqualTo("/api/leads/crm-3");
            });
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("synced");
  }

  @Test
  void aRefusalFailsTheTaskAtOnceWithTheCrmsWords() {
    answerStatus = 422;
    String leadId = harness.storeLead(new JsonObject().put("email", "ada@example.com"));

    Throwable failure =
        failureOf(
            handler()
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(failure)
        .isInstanceOf(PermanentTaskFailure.class)
        .hasMessageContaining("422")
        .hasMessageContaining("email is invalid");
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("failed");
  }

  @Test
  void aCrmErrorIsRetried() {
    answerStatus = 503;
    String leadId = harness.storeLead(new JsonObject().put("email", "ada@example.com"));

    Throwable failure =
        failureOf(
            handler()
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(failure).isNotInstanceOf(PermanentTaskFailure.class).hasMessageContaining("503");
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("pending");

    TaskContext first =
        harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId));
    TaskContext last = new TaskContext(first.envelope(), 3, 3, first.workerId());
    failureOf(handler().handle(last));
    assertThat(harness.lead(leadId).getString("crm_sync_state"))
        .as("the last attempt gave up")
        .isEqualTo("failed");
  }

  @Test
  void withoutACrmTheLeadIsMarkedNotConfigured() {
    String leadId = harness.storeLead(new JsonObject().put("email", "ada@example.com"));

    JsonObject result =
        await(
            handler("")
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(result.getString("skipped")).contains("crm.api_base_url");
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("not_configured");
    assertThat(received).isEmpty();
  }

  @Test
  void aDeletedLeadIsSkippedAndAMissingLeadIdFails() {
    JsonObject skipped =
        await(
            handler()
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", "gone"))));
    Throwable malformed =
        failureOf(handler().handle(harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject())));

    assertThat(skipped.getString("skipped")).isEqualTo("lead deleted");
    assertThat(malformed).isInstanceOf(PermanentTaskFailure.class).hasMessageContaining("lead_id");
    assertThat(received).isEmpty();
  }

  @Test
  void aLeadEditedDuringItsSyncGetsOneMoreChainScheduledAndOtherwiseNone() {
    String leadId = harness.storeLead(new JsonObject().put("email", "ada@example.com"));
    harness.setLeadFields(leadId, "sync_chain", "1", "scored_version", "1");
    TaskContext chainOne =
        harness.delivery(
            leadId + ".crm.1",
            TaskTypes.CRM_UPDATE,
            new JsonObject().put("lead_id", leadId).put("chain", 1));

    JsonObject inStep = await(handler().handle(chainOne));
    assertThat(inStep.containsKey("resync_task")).as("nothing changed meanwhile").isFalse();
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("synced");
    assertThat(harness.leadField(leadId, "sync_ended")).as("the chain ended").isEqualTo("1");

    // a client's edits made while the sync ran: the version moved past the one sent
    harness.setLeadFields(leadId, "version", "3");
    long before = System.currentTimeMillis();
    JsonObject behind = await(handler().handle(chainOne));

    String next = leadId + ".process.3";
    assertThat(behind.getString("resync_task")).isEqualTo(next);
    assertThat(harness.leadField(leadId, "sync_chain")).isEqualTo("3");
    assertThat(harness.leadField(leadId, "sync_ended")).isNull();
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("pending");
    assertThat(harness.taskField(next, "state")).isEqualTo("scheduled");
    assertThat(harness.taskField(next, "type")).isEqualTo(TaskTypes.LEAD_PROCESS);
    assertThat(new JsonObject(harness.taskField(next, "payload")))
        .isEqualTo(new JsonObject().put("lead_id", leadId).put("chain", 3));
    assertThat(Long.parseLong(harness.taskField(next, "next_run_at")))
        .isGreaterThanOrEqualTo(before + RESYNC_DELAY_MS);

    // a redelivery of the old chain's step is no longer the current chain: it records nothing
    // that would hide the new chain's state, and starts nothing
    JsonObject stale = await(handler().handle(chainOne));
    assertThat(stale.containsKey("resync_task")).isFalse();
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("pending");
  }
}
