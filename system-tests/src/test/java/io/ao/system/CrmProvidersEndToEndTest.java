package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.worker.DomainHandlers;
import io.ao.worker.crm.standin.HubSpotStandIn;
import io.ao.worker.crm.standin.PipedriveStandIn;
import io.ao.worker.crm.standin.SalesforceStandIn;
import io.ao.worker.crm.standin.StandInServer;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each provider preset end to end: leads written through the API reach the provider's stand-in
 * through a worker: a create, an update of a record the CRM already holds for that email (never a
 * second one), an edit, a delete, and a validation error quoted from the CRM on the task; for
 * Salesforce, a token the API stops accepting is replaced without failing a task.
 */
@ExtendWith(RedisServerExtension.class)
class CrmProvidersEndToEndTest {

  private final LocalRedisServer redis;
  private Vertx vertx;
  private RunningApi api;

  CrmProvidersEndToEndTest(LocalRedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    await(
        Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()))
            .send(Request.cmd(Command.FLUSHALL)));
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    await(vertx.close());
  }

  private void startStack(StandInServer crm, Map<String, String> providerEnv) {
    await(crm.start(vertx));
    Map<String, String> env = new HashMap<>();
    // "{stand-in}": the stand-in's URL, known once it listens (Salesforce's login URL).
    providerEnv.forEach((name, value) -> env.put(name, value.replace("{stand-in}", crm.url())));
    env.put("AO_REDIS_URL", redis.url());
    env.put("AO_CRM_API_BASE_URL", crm.url());
    env.put("AO_CRM_TIMEOUT_MS", "2000");
    env.put("AO_CRM_RESYNC_DELAY_MS", "200");
    api = RunningApi.start(vertx, redis.url(), env);
    AppConfig config = await(new ConfigLoader(vertx, env).load("worker-defaults.json"));
    Redis workerRedis =
        Redis.createClient(
            vertx, new RedisOptions().setConnectionString(redis.url()).setMaxPoolWaiting(1_000));
    HandlerRegistry handlers =
        DomainHandlers.register(
            HandlerRegistry.withBuiltIns(),
            vertx,
            workerRedis,
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await(
        InProcessWorker.deploy(
            vertx, redis.url(), "default", handlers, TestSettings.fast("crm-e2e-worker")));
  }

  @Test
  void hubspotCreatesUpsertsByEmailUpdatesDeletesAndQuotesItsValidationError() throws Exception {
    HubSpotStandIn hubspot = new HubSpotStandIn("e2e-hubspot-token");
    startStack(
        hubspot,
        Map.of("AO_CRM_PROVIDER", "hubspot", "AO_CRM_HUBSPOT_ACCESS_TOKEN", "e2e-hubspot-token"));
    String held = hubspot.hold(new JsonObject().put("email", "grace@example.com"));

    String created = createAndSync("ada@example.com", "Ada", "Lovelace", "Engines");
    String existing = createAndSync("grace@example.com", "Grace", "Hopper", "Navy");

    assertThat(existing).as("the contact HubSpot held").isEqualTo(held);
    assertThat(hubspot.contacts()).hasSize(2);
    assertThat(hubspot.contacts().get(held).getString("firstname")).isEqualTo("Grace");
    editAndSync(leadWithCrmId(created), "title", "Countess");
    eventually(
        Duration.ofSeconds(15),
        () -> "Countess".equals(hubspot.contacts().get(created).getString("jobtitle")));
    delete(leadWithCrmId(created));
    eventually(Duration.ofSeconds(15), () -> !hubspot.contacts().containsKey(created));

    hubspot.answerNext(
        "POST",
        400,
        Map.of(),
        "{\"status\":\"error\",\"message\":\"Property values were not valid\","
            + "\"category\":\"VALIDATION_ERROR\",\"errors\":[{\"message\":\"Property \\\"company\\\" "
            + "value is too long\",\"code\":\"INVALID_LENGTH\",\"context\":{\"propertyName\":[\"company\"]}}]}");
    String task = failedSyncTask();
    assertThat(api.get("/api/tasks/" + task).bodyAsJsonObject().getString("last_error"))
        .contains(
            "HubSpot answered 400: VALIDATION_ERROR company: Property \"company\" value is too long");
  }

  @Test
  void salesforceCreatesUpdatesByEmailDeletesRefreshesItsTokenAndQuotesItsValidationError()
      throws Exception {
    SalesforceStandIn salesforce = new SalesforceStandIn("e2e-client", "e2e-secret");
    startStack(
        salesforce,
        Map.of(
            "AO_CRM_PROVIDER", "salesforce",
            "AO_CRM_SALESFORCE_LOGIN_URL", "{stand-in}",
            "AO_CRM_SALESFORCE_CLIENT_ID", "e2e-client",
            "AO_CRM_SALESFORCE_CLIENT_SECRET", "e2e-secret"));
    String held =
        salesforce.hold(new JsonObject().put("Email", "grace@example.com").put("LastName", "H"));

    String created = createAndSync("ada@example.com", "Ada", "Lovelace", "Engines");
    salesforce.expireTokens();
    String existing = createAndSync("grace@example.com", "Grace", "Hopper", "Navy");

    assertThat(existing).isEqualTo(held);
    assertThat(salesforce.leads()).hasSize(2);
    assertThat(salesforce.leads().get(held).getString("LastName")).isEqualTo("Hopper");
    assertThat(salesforce.tokensIssued()).as("refreshed after the 401").isEqualTo(2);
    delete(leadWithCrmId(created));
    eventually(Duration.ofSeconds(15), () -> !salesforce.leads().containsKey(created));

    String task = failedSyncTask();
    assertThat(api.get("/api/tasks/" + task).bodyAsJsonObject().getString("last_error"))
        .contains(
            "Salesforce answered 400: REQUIRED_FIELD_MISSING [LastName, Company]: Required fields are missing: [LastName, Company]");
  }

  @Test
  void pipedriveCreatesUpdatesByEmailDeletesAndQuotesItsValidationError() throws Exception {
    PipedriveStandIn pipedrive = new PipedriveStandIn("e2e-pipedrive-token");
    startStack(
        pipedrive,
        Map.of(
            "AO_CRM_PROVIDER", "pipedrive", "AO_CRM_PIPEDRIVE_API_TOKEN", "e2e-pipedrive-token"));
    long held =
        pipedrive.hold(
            new JsonObject()
                .put("name", "G. H.")
                .put(
                    "email",
                    new JsonArray().add(new JsonObject().put("value", "grace@example.com"))));

    String created = createAndSync("ada@example.com", "Ada", "Lovelace", "Engines");
    String existing = createAndSync("grace@example.com", "Grace", "Hopper", "Navy");

    assertThat(existing).isEqualTo(Long.toString(held));
    assertThat(pipedrive.persons()).hasSize(2);
    assertThat(pipedrive.persons().get(held).getString("name")).isEqualTo("Grace Hopper");
    editAndSync(leadWithCrmId(created), "first_name", "Augusta");
    eventually(
        Duration.ofSeconds(15),
        () ->
            "Augusta Lovelace"
                .equals(pipedrive.persons().get(Long.parseLong(created)).getString("name")));
    delete(leadWithCrmId(created));
    eventually(
        Duration.ofSeconds(15), () -> !pipedrive.persons().containsKey(Long.parseLong(created)));

    pipedrive.answerNext(
        "POST",
        400,
        Map.of(),
        "{\"success\":false,\"error\":\"Name must be given.\",\"error_info\":\"Please check developers.pipedrive.com for more information about Pipedrive API.\",\"data\":null}");
    String task = failedSyncTask();
    assertThat(api.get("/api/tasks/" + task).bodyAsJsonObject().getString("last_error"))
        .contains("Pipedrive answered 400: Name must be given.");
  }

  private final Map<String, String> leadIdsByCrmId = new HashMap<>();

  /** A lead (email only) whose CRM sync the CRM refuses; answers the failed task's id. */
  private String failedSyncTask() throws Exception {
    JsonObject refused =
        api.postJson("/api/leads", new JsonObject().put("email", "nobody@example.com"))
            .bodyAsJsonObject();
    String task = refused.getJsonObject("tasks").getString("crm_sync");
    eventually(Duration.ofSeconds(15), () -> "failed".equals(taskState(task)));
    return task;
  }

  /** Creates a lead through the API; answers its CRM id once synced. */
  private String createAndSync(String email, String first, String last, String company)
      throws Exception {
    String id =
        api.postJson(
                "/api/leads",
                new JsonObject()
                    .put("email", email)
                    .put("first_name", first)
                    .put("last_name", last)
                    .put("company", company))
            .bodyAsJsonObject()
            .getString("id");
    eventually(Duration.ofSeconds(15), () -> "synced".equals(leadField(id, "crm_sync_state")));
    String crmId = String.valueOf(leadField(id, "crm_id"));
    leadIdsByCrmId.put(crmId, id);
    return crmId;
  }

  private String leadWithCrmId(String crmId) {
    return leadIdsByCrmId.get(crmId);
  }

  private void editAndSync(String id, String field, String value) {
    await(
        api.asAdmin(HttpMethod.PATCH, "/api/leads/" + id)
            .putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(new JsonObject().put(field, value).toBuffer()));
  }

  private void delete(String id) {
    assertThat(api.send(HttpMethod.DELETE, "/api/leads/" + id).statusCode()).isEqualTo(204);
  }

  private Object leadField(String id, String field) {
    return api.get("/api/leads/" + id).bodyAsJsonObject().getValue(field);
  }

  private String taskState(String taskId) {
    return api.get("/api/tasks/" + taskId).bodyAsJsonObject().getString("state");
  }
}
