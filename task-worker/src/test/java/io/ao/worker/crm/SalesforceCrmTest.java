package io.ao.worker.crm;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.CrmConfig;
import io.ao.shared.config.CrmRateLimit;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.crm.standin.SalesforceStandIn;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskDeferral;
import io.ao.worker.support.HandlerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** crm.provider salesforce against a stand-in of the OAuth token endpoint and the Lead sObject. */
@ExtendWith(RedisServerExtension.class)
class SalesforceCrmTest {

  private static HandlerHarness harness;
  private static final SalesforceStandIn salesforce =
      new SalesforceStandIn("test-client-id", "test-client-secret");
  private static CrmConfig settings;
  private static CrmTransport transport;
  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  private SalesforceTokens tokens;
  private CrmProvider provider;

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
    await(salesforce.start(harness.vertx));
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("email", "Email");
    mapping.put("first_name", "FirstName");
    mapping.put("last_name", "LastName");
    mapping.put("company", "Company");
    settings =
        CrmTestSettings.preset(
            CrmConfig.SALESFORCE,
            salesforce.url(),
            mapping,
            CrmTestSettings.salesforce(salesforce.url()),
            CrmRateLimit.none());
    CrmAccountLimiter limiter =
        new CrmAccountLimiter(harness.redis, "ao", settings.account(), settings.rateLimit(), 3_000);
    transport = new CrmTransport(harness.vertx, settings, limiter, new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void reset() {
    harness.reset();
    salesforce.reset();
    tokens = new SalesforceTokens(transport.client(), settings.salesforce(), 2_000, clock::get);
    provider = new SalesforceCrm(settings, transport, tokens);
  }

  private JsonObject sync(String leadId) {
    return await(
        new CrmSyncHandler(harness.leads, settings, provider)
            .handle(
                harness.delivery(TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));
  }

  private String lead(String email) {
    return harness.storeLead(
        new JsonObject()
            .put("email", email)
            .put("first_name", "Ada")
            .put("last_name", "Lovelace")
            .put("company", "Analytical Engines"));
  }

  @Test
  void aNewLeadIsLookedUpByEmailThenCreatedWithAClientCredentialsToken() {
    String leadId = lead("ada@example.com");

    JsonObject result = sync(leadId);

    assertThat(salesforce.leads()).hasSize(1);
    JsonObject created = salesforce.leads().get(result.getString("crm_id"));
    assertThat(created.getString("LastName")).isEqualTo("Lovelace");
    assertThat(salesforce.received())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /services/oauth2/token",
            "GET /services/data/v60.0/query",
            "POST /services/data/v60.0/sobjects/Lead/");
    assertThat(salesforce.received().get(0).body())
        .contains("grant_type=client_credentials")
        .contains("client_id=test-client-id");
    assertThat(salesforce.received().get(1).query())
        .contains("SELECT+Id+FROM+Lead+WHERE+Email+%3D+%27ada%40example.com%27");
    assertThat(salesforce.received().get(2).authorization())
        .startsWith("Bearer 00D5g000004XyZ!token-1");
  }

  @Test
  void aLeadSalesforceHoldsIsUpdatedByEmailNeverCreatedTwice() {
    String held =
        salesforce.hold(new JsonObject().put("Email", "ada@example.com").put("LastName", "L"));
    String leadId = lead("ada@example.com");

    JsonObject result = sync(leadId);

    assertThat(result.getString("crm_id")).isEqualTo(held);
    assertThat(salesforce.leads()).hasSize(1);
    assertThat(salesforce.leads().get(held).getString("LastName")).isEqualTo("Lovelace");
    assertThat(salesforce.received().get(2).method()).isEqualTo("PATCH");
  }

  @Test
  void deleteRemovesTheLeadAndAGoneOneCountsAsDeleted() {
    String held = salesforce.hold(new JsonObject().put("Email", "ada@example.com"));
    CrmDeleteHandler delete = new CrmDeleteHandler(settings, provider);
    JsonObject payload = new JsonObject().put("lead_id", "l1").put("crm_id", held);

    await(delete.handle(harness.delivery(TaskTypes.CRM_DELETE, payload)));
    JsonObject again = await(delete.handle(harness.delivery(TaskTypes.CRM_DELETE, payload)));

    assertThat(salesforce.leads()).isEmpty();
    assertThat(again.getBoolean("deleted")).isTrue();
  }

  @Test
  void aValidationErrorFailsTheTaskQuotingSalesforceAndItsFields() {
    String leadId = harness.storeLead(new JsonObject().put("email", "ada@example.com"));

    Throwable failure =
        failureOf(
            new CrmSyncHandler(harness.leads, settings, provider)
                .handle(
                    harness.delivery(
                        TaskTypes.CRM_UPDATE, new JsonObject().put("lead_id", leadId))));

    assertThat(failure)
        .isInstanceOf(PermanentTaskFailure.class)
        .hasMessageContaining("Salesforce answered 400")
        .hasMessageContaining(
            "REQUIRED_FIELD_MISSING [LastName, Company]: Required fields are missing: [LastName, Company]");
  }

  @Test
  void aTokenTheApiRefusesIsRefreshedAndTheRequestSentAgain() {
    sync(lead("ada@example.com"));
    salesforce.expireTokens();

    JsonObject second = sync(lead("bob@example.com"));

    assertThat(second.getString("crm_id")).isNotNull();
    assertThat(salesforce.tokensIssued()).isEqualTo(2);
    assertThat(tokens.fetched()).isEqualTo(2);
    assertThat(salesforce.received())
        .extracting(r -> r.method() + " " + r.path() + " " + r.authorization())
        .contains(
            "GET /services/data/v60.0/query Bearer 00D5g000004XyZ!token-1",
            "GET /services/data/v60.0/query Bearer 00D5g000004XyZ!token-2");
  }

  @Test
  void aTokenIsRenewedBeforeItExpires() {
    sync(lead("ada@example.com"));
    // token_ttl_seconds 7200, refresh_margin_seconds 300: renewed from 6900 s on.
    clock.addAndGet(6_899_000);
    sync(lead("bob@example.com"));
    assertThat(salesforce.tokensIssued()).as("still good").isEqualTo(1);

    clock.addAndGet(2_000);
    sync(lead("cy@example.com"));

    assertThat(salesforce.tokensIssued()).as("renewed before expiry, without a 401").isEqualTo(2);
    assertThat(salesforce.received())
        .as("token, query, create; query, create; token, query, create: no request refused")
        .hasSize(8);
  }

  @Test
  void requestLimitExceededPausesTheAccountAndDefersTheTask() {
    await(provider.findByEmail("someone@example.com", "task-0"));
    salesforce.answerNext(
        403,
        Map.of(),
        SalesforceStandIn.errors(
                "REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded.",
                new io.vertx.core.json.JsonArray())
            .encode());
    long before = System.currentTimeMillis();

    Throwable refused = failureOf(provider.findByEmail("ada@example.com", "task-1"));
    Throwable next = failureOf(provider.findByEmail("bob@example.com", "task-2"));

    // limit_pause_seconds 600
    assertThat(refused).isInstanceOf(TaskDeferral.class);
    assertThat(((TaskDeferral) refused).dueAtMs()).isBetween(before + 600_000, before + 601_000);
    assertThat(next).isInstanceOf(TaskDeferral.class);
    assertThat(salesforce.received()).as("token, query, the refused query; no more").hasSize(3);
  }

  @Test
  void wrongClientCredentialsFailTheTaskWithTheTokenEndpointsWords() {
    SalesforceTokens wrong =
        new SalesforceTokens(
            transport.client(),
            new io.ao.shared.config.SalesforceSettings(
                salesforce.url(),
                "v60.0",
                "client_credentials",
                "test-client-id",
                "nope",
                "",
                7200,
                300,
                600),
            2_000,
            clock::get);

    Throwable failure =
        failureOf(new SalesforceCrm(settings, transport, wrong).findByEmail("a@example.com", "t"));

    assertThat(failure)
        .isInstanceOf(PermanentTaskFailure.class)
        .hasMessageContaining("invalid_client invalid client credentials");
  }
}
