package io.ao.worker.crm;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.CrmConfig;
import io.ao.shared.config.CrmRateLimit;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.crm.standin.HubSpotStandIn;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskDeferral;
import io.ao.worker.support.HandlerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** crm.provider hubspot against a stand-in of HubSpot's CRM v3 contacts API. */
@ExtendWith(RedisServerExtension.class)
class HubSpotCrmTest {

  private static HandlerHarness harness;
  private static final HubSpotStandIn hubspot = new HubSpotStandIn("hubspot-test-token");
  private static CrmConfig settings;
  private static CrmProvider provider;

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
    await(hubspot.start(harness.vertx));
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("email", "email");
    mapping.put("first_name", "firstname");
    mapping.put("company", "company");
    settings =
        CrmTestSettings.preset(
            CrmConfig.HUBSPOT,
            hubspot.url(),
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
    hubspot.reset();
  }

  private JsonObject sync(String leadId) {
    return await(
        new CrmSyncHandler(harness.leads, settings, provider)
            .handle(
                harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));
  }

  @Test
  void aNewLeadIsCreatedByEmailUpsertWithItsPropertiesAndTheContactIdStored() {
    String leadId =
        harness.storeLead(
            new JsonObject().put("email", "ada@example.com").put("first_name", "Ada"));

    JsonObject result = sync(leadId);

    assertThat(hubspot.contacts()).hasSize(1);
    String id = result.getString("crm_id");
    assertThat(hubspot.contacts().get(id).getString("firstname")).isEqualTo("Ada");
    assertThat(hubspot.received())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.method()).isEqualTo("POST");
              assertThat(call.path()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
              assertThat(call.authorization()).isEqualTo("Bearer hubspot-test-token");
              JsonObject input = call.json().getJsonArray("inputs").getJsonObject(0);
              assertThat(input.getString("idProperty")).isEqualTo("email");
              assertThat(input.getString("id")).isEqualTo("ada@example.com");
              assertThat(input.getJsonObject("properties").getString("firstname")).isEqualTo("Ada");
            });
    assertThat(harness.lead(leadId).getString("crm_id")).isEqualTo(id);
  }

  @Test
  void aContactHubSpotHoldsIsUpdatedByEmailNeverCreatedTwice() {
    String held =
        hubspot.hold(new JsonObject().put("email", "ada@example.com").put("firstname", "A."));
    String leadId =
        harness.storeLead(
            new JsonObject().put("email", "ada@example.com").put("first_name", "Ada"));

    JsonObject result = sync(leadId);

    assertThat(result.getString("crm_id")).isEqualTo(held);
    assertThat(hubspot.contacts()).hasSize(1);
    assertThat(hubspot.contacts().get(held).getString("firstname")).isEqualTo("Ada");
  }

  @Test
  void aLeadWithAContactIdIsPatchedThereAndOneHubSpotLostIsUpsertedByEmail() {
    String held = hubspot.hold(new JsonObject().put("email", "ada@example.com"));
    String known =
        harness.storeLead(
            new JsonObject()
                .put("email", "ada@example.com")
                .put("company", "Acme")
                .put("crm_id", held));
    String lost =
        harness.storeLead(new JsonObject().put("email", "bob@example.com").put("crm_id", "999"));

    sync(known);
    JsonObject relinked = sync(lost);

    assertThat(hubspot.received().get(0).method()).isEqualTo("PATCH");
    assertThat(hubspot.received().get(0).path()).isEqualTo("/crm/v3/objects/contacts/" + held);
    assertThat(hubspot.contacts().get(held).getString("company")).isEqualTo("Acme");
    assertThat(relinked.getString("crm_id")).isNotEqualTo("999");
    assertThat(hubspot.contacts()).hasSize(2);
  }

  @Test
  void deleteRemovesTheContactAndAGoneOneCountsAsDeleted() {
    String held = hubspot.hold(new JsonObject().put("email", "ada@example.com"));
    CrmDeleteHandler delete = new CrmDeleteHandler(settings, provider);

    JsonObject result =
        await(
            delete.handle(
                harness.delivery(
                    TaskTypes.CRM_DELETE,
                    new JsonObject().put("lead_id", "l1").put("crm_id", held))));
    await(
        delete.handle(
            harness.delivery(
                TaskTypes.CRM_DELETE, new JsonObject().put("lead_id", "l1").put("crm_id", held))));

    assertThat(result.getBoolean("deleted")).isTrue();
    assertThat(hubspot.contacts()).isEmpty();
    assertThat(hubspot.received().get(0).method()).isEqualTo("DELETE");
  }

  @Test
  void aValidationErrorFailsTheTaskQuotingHubSpotAndTheProperty() {
    String leadId = harness.storeLead(new JsonObject().put("email", "not-an-email"));

    Throwable failure =
        failureOf(
            new CrmSyncHandler(harness.leads, settings, provider)
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(failure)
        .isInstanceOf(PermanentTaskFailure.class)
        .hasMessageContaining("HubSpot answered 400")
        .hasMessageContaining("VALIDATION_ERROR")
        .hasMessageContaining("email: Email address not-an-email is invalid");
    assertThat(harness.lead(leadId).getString("crm_sync_state")).isEqualTo("failed");
  }

  @Test
  void a429PausesTheWholeAccountAndADailyLimitPausesItUntilMidnight() {
    hubspot.answerNext(
        429,
        Map.of("Retry-After", "30"),
        "{\"status\":\"error\",\"message\":\"You have reached your secondly limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"SECONDLY\"}");
    long before = System.currentTimeMillis();

    Throwable first = failureOf(provider.findByEmail("ada@example.com", "task-1"));
    Throwable second = failureOf(provider.findByEmail("bob@example.com", "task-2"));

    assertThat(first).isInstanceOf(TaskDeferral.class);
    assertThat(((TaskDeferral) first).dueAtMs()).isBetween(before + 30_000, before + 31_000);
    assertThat(second).as("another task of the account, not sent").isInstanceOf(TaskDeferral.class);
    assertThat(((TaskDeferral) second).dueAtMs())
        .isGreaterThanOrEqualTo(((TaskDeferral) first).dueAtMs());
    assertThat(hubspot.received()).hasSize(1);
  }

  @Test
  void aDailyLimitPausesTheAccountUntilMidnightInTheResetZone() {
    hubspot.answerNext(
        429,
        Map.of(),
        "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}");
    long now = System.currentTimeMillis();

    Throwable refused = failureOf(provider.findByEmail("ada@example.com", "task-1"));

    long midnightUtc = (now / 86_400_000L + 1) * 86_400_000L;
    assertThat(refused).isInstanceOf(TaskDeferral.class);
    assertThat(((TaskDeferral) refused).dueAtMs()).isEqualTo(midnightUtc);
  }
}
