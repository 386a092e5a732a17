package io.ao.worker.crm;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.CrmConfig;
import io.ao.shared.config.CrmRateLimit;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.crm.standin.PipedriveStandIn;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskDeferral;
import io.ao.worker.support.HandlerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** crm.provider pipedrive against a stand-in of Pipedrive's API v1 persons. */
@ExtendWith(RedisServerExtension.class)
class PipedriveCrmTest {

  private static HandlerHarness harness;
  private static final PipedriveStandIn pipedrive = new PipedriveStandIn("pipedrive-test-token");
  private static CrmConfig settings;
  private static CrmProvider provider;

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
    await(pipedrive.start(harness.vertx));
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("email", "email");
    mapping.put("phone", "phone");
    settings =
        CrmTestSettings.preset(
            CrmConfig.PIPEDRIVE,
            pipedrive.url(),
            mapping,
            CrmTestSettings.salesforce("http://127.0.0.1:1"),
            CrmRateLimit.none());
    provider =
        CrmProviders.create(
            harness.vertx, harness.redis, "ao", settings, new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void reset() {
    harness.reset();
    pipedrive.reset();
  }

  private JsonObject sync(String leadId) {
    return await(
        new CrmSyncHandler(harness.leads, settings, provider)
            .handle(
                harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));
  }

  @Test
  void aNewLeadIsSearchedByEmailThenCreatedAsAPersonWithNameAndEmailList() {
    String leadId =
        harness.storeLead(
            new JsonObject()
                .put("email", "ada@example.com")
                .put("first_name", "Ada")
                .put("last_name", "Lovelace")
                .put("phone", "+441234567890"));

    JsonObject result = sync(leadId);

    JsonObject person = pipedrive.persons().get(Long.parseLong(result.getString("crm_id")));
    assertThat(person.getString("name")).isEqualTo("Ada Lovelace");
    assertThat(person.getJsonArray("email"))
        .isEqualTo(
            new JsonArray()
                .add(new JsonObject().put("value", "ada@example.com").put("primary", true)));
    assertThat(pipedrive.received())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("GET /v1/persons/search", "POST /v1/persons");
    assertThat(pipedrive.received().get(0).query())
        .contains("term=ada%40example.com")
        .contains("exact_match=true")
        .contains("api_token=pipedrive-test-token");
  }

  @Test
  void aPersonPipedriveHoldsIsUpdatedByEmailNeverCreatedTwice() {
    long held =
        pipedrive.hold(
            new JsonObject()
                .put("name", "A. L.")
                .put(
                    "email",
                    new JsonArray().add(new JsonObject().put("value", "ada@example.com"))));
    String leadId =
        harness.storeLead(
            new JsonObject().put("email", "ada@example.com").put("first_name", "Ada"));

    JsonObject result = sync(leadId);

    assertThat(result.getString("crm_id")).isEqualTo(Long.toString(held));
    assertThat(pipedrive.persons()).hasSize(1);
    assertThat(pipedrive.persons().get(held).getString("name")).isEqualTo("Ada");
    assertThat(pipedrive.received().get(1).method()).isEqualTo("PUT");
  }

  @Test
  void deleteRemovesThePersonAndAGoneOneCountsAsDeleted() {
    long held = pipedrive.hold(new JsonObject().put("name", "Ada"));
    CrmDeleteHandler delete = new CrmDeleteHandler(settings, provider);
    JsonObject payload = new JsonObject().put("lead_id", "l1").put("crm_id", Long.toString(held));

    await(delete.handle(harness.delivery(TaskTypes.CRM_DELETE, payload)));
    JsonObject again = await(delete.handle(harness.delivery(TaskTypes.CRM_DELETE, payload)));

    assertThat(pipedrive.persons()).isEmpty();
    assertThat(again.getBoolean("deleted")).isTrue();
  }

  @Test
  void aValidationErrorFailsTheTaskQuotingPipedrive() {
    String leadId = harness.storeLead(new JsonObject().put("phone", "+441234567890"));

    Throwable failure =
        failureOf(
            new CrmSyncHandler(harness.leads, settings, provider)
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(failure)
        .isInstanceOf(PermanentTaskFailure.class)
        .hasMessageContaining("Pipedrive answered 400: Name must be given.");
  }

  @Test
  void a429PausesTheAccountForItsResetAndRemainingZeroPausesBeforeA429() {
    pipedrive.answerNext(
        429,
        Map.of("x-ratelimit-limit", "80", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "7"),
        "{\"success\":false,\"error\":\"Request over limit\",\"errorCode\":429}");
    long before = System.currentTimeMillis();

    Throwable refused = failureOf(provider.findByEmail("ada@example.com", "task-1"));
    Throwable next = failureOf(provider.findByEmail("bob@example.com", "task-2"));

    assertThat(refused).isInstanceOf(TaskDeferral.class);
    assertThat(((TaskDeferral) refused).dueAtMs()).isBetween(before + 7_000, before + 8_000);
    assertThat(next).isInstanceOf(TaskDeferral.class);
    assertThat(pipedrive.received()).hasSize(1);
  }

  @Test
  void anAnswerWithNoRequestsLeftPausesTheAccountThoughItSucceeded() {
    pipedrive.answerNext(
        200,
        Map.of("x-ratelimit-limit", "80", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "5"),
        "{\"success\":true,\"data\":{\"items\":[]}}");

    assertThat(await(provider.findByEmail("ada@example.com", "task-1"))).isEmpty();
    Throwable next = failureOf(provider.findByEmail("bob@example.com", "task-2"));

    assertThat(next).isInstanceOf(TaskDeferral.class).hasMessageContaining("paused");
    assertThat(pipedrive.received()).hasSize(1);
  }
}
