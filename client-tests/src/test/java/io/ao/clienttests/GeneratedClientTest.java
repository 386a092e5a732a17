package io.ao.clienttests;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.ao.api.support.RunningApi;
import io.ao.client.ApiClient;
import io.ao.client.ApiException;
import io.ao.client.ApiResponse;
import io.ao.client.api.AdminApi;
import io.ao.client.api.AuthApi;
import io.ao.client.api.CampaignsApi;
import io.ao.client.api.IntakeApi;
import io.ao.client.api.LeadsApi;
import io.ao.client.api.TasksApi;
import io.ao.client.api.WebhooksApi;
import io.ao.client.api.WorkflowsApi;
import io.ao.client.model.Campaign;
import io.ao.client.model.CampaignInput;
import io.ao.client.model.CampaignTotals;
import io.ao.client.model.DeadLetterPageItemsInner;
import io.ao.client.model.IntakeSourceCreated;
import io.ao.client.model.IntakeSourceInput;
import io.ao.client.model.Lead;
import io.ao.client.model.LeadInput;
import io.ao.client.model.LeadPatch;
import io.ao.client.model.LoginRequest;
import io.ao.client.model.Me;
import io.ao.client.model.MetricIncrements;
import io.ao.client.model.TaskAccepted;
import io.ao.client.model.TaskRequest;
import io.ao.client.model.TaskStatus;
import io.ao.client.model.Token;
import io.ao.client.model.WebhookSubscription;
import io.ao.client.model.WebhookSubscriptionCreated;
import io.ao.client.model.WebhookSubscriptionInput;
import io.ao.client.model.WorkflowAccepted;
import io.ao.client.model.WorkflowRequest;
import io.ao.client.model.WorkflowRun;
import io.ao.client.model.WorkflowRunStepsInner;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.DomainHandlers;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.ao.worker.workflows.RunAdvancer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client that openapi-generator made from the OpenAPI document (see this module's pom),
 * driven against the real API with a worker and Redis: login, a lead's create, read, PUT, PATCH and
 * list, a workflow's start and status, a campaign and its metrics, a task, the dead letters.
 *
 * <p>Every answer is read into the generated models, with a mapper that also refuses fields the
 * document does not declare: an epoch-millisecond field typed int32, an enum missing a value the
 * API sends, a union type a generator turns into a wrapper, or an undocumented field fails here.
 */
@ExtendWith(RedisServerExtension.class)
class GeneratedClientTest {

  /** Epoch milliseconds of any time after 1970-01-25 overflow an int: what broke int32 clients. */
  private static final long BEYOND_INT = Integer.MAX_VALUE;

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Set<TaskStatus.StateEnum> TERMINAL =
      Set.of(
          TaskStatus.StateEnum.SUCCEEDED,
          TaskStatus.StateEnum.FAILED,
          TaskStatus.StateEnum.DEAD,
          TaskStatus.StateEnum.CANCELLED);

  private static Vertx vertx;
  private static RunningApi api;
  private static String baseUri;
  private static volatile String bearer;
  private static LeadsApi leads;
  private static WorkflowsApi workflows;
  private static CampaignsApi campaigns;
  private static WebhooksApi webhooks;
  private static IntakeApi intake;
  private static TasksApi tasks;
  private static AdminApi admin;
  private static AuthApi auth;

  @BeforeAll
  static void start(LocalRedisServer redis) throws ApiException {
    vertx = Vertx.vertx();
    Map<String, String> env = new HashMap<>();
    env.put("AO_REDIS_URL", redis.url());
    env.put("AO_TASKS_ACCEPTED_TYPES", "[\"noop\",\"doomed\"]");
    api = RunningApi.start(vertx, redis.url(), env);

    AppConfig config = await(new ConfigLoader(vertx, env).load("worker-defaults.json"));
    Redis workerRedis =
        SharedConnectionRedis.create(
            vertx, RedisClientOptions.standalone(redis.url()).setMaxPoolWaiting(1_000));
    HandlerRegistry handlers =
        DomainHandlers.register(
            HandlerRegistry.withBuiltIns().register(new Doomed()),
            vertx,
            workerRedis,
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await(
        InProcessWorker.deploy(
            vertx,
            redis.url(),
            "default",
            handlers,
            TestSettings.fast("client-test-worker"),
            RunAdvancer.from(
                workerRedis, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));

    baseUri = "http://127.0.0.1:" + api.port();
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUri);
    client.setObjectMapper(
        ApiClient.createDefaultObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true));
    client.setReadTimeout(Duration.ofSeconds(10));
    client.setRequestInterceptor(
        request -> {
          if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
          }
        });
    auth = new AuthApi(client);
    leads = new LeadsApi(client);
    workflows = new WorkflowsApi(client);
    campaigns = new CampaignsApi(client);
    webhooks = new WebhooksApi(client);
    intake = new IntakeApi(client);
    tasks = new TasksApi(client);
    admin = new AdminApi(client);
    bearer = login().getAccessToken();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void theApiServesTheDocumentTheClientWasGeneratedFrom() throws Exception {
    byte[] generatedFrom = Files.readAllBytes(Path.of(System.getProperty("openapi.document")));
    // HTTP/1.1: on a new connection the JDK client's default (HTTP/2 through an h2c upgrade)
    // loses data of a first answer over 64 KiB, and this one is about 110 KiB.
    HttpResponse<byte[]> served =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(baseUri + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(sha256(served.body()))
        .as(
            "GET /openapi.json (%d bytes) is the document this client was generated from (%s, %d"
                + " bytes)",
            served.body().length, System.getProperty("openapi.document"), generatedFrom.length)
        .isEqualTo(sha256(generatedFrom));
  }

  @Test
  void logsInAndSaysWhoItIs() throws Exception {
    Token token = login();
    assertThat(token.getTokenType()).isEqualTo(Token.TokenTypeEnum.BEARER);
    assertThat(token.getExpiresIn()).isPositive();
    assertThat(token.getAccessToken()).isNotBlank();

    Me me = auth.me();
    assertThat(me.getUsername()).isEqualTo("admin");
    assertThat(me.getRole()).isEqualTo(Me.RoleEnum.ADMIN);
    assertThat(me.getAuthMethod()).isEqualTo(Me.AuthMethodEnum.JWT);
  }

  @Test
  void aLeadIsCreatedReadReplacedPatchedAndListed() throws Exception {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("plan", "pro");
    custom.put("seats", 12);
    custom.put("ratio", 0.5);
    custom.put("vip", true);
    long before = System.currentTimeMillis();
    Lead created =
        leads.createLead(
            new LeadInput()
                .email("Ada@Analytical.example")
                .firstName("ada")
                .lastName("lovelace")
                .company("Analytical Engines")
                .source(LeadInput.SourceEnum.REFERRAL)
                .tags(List.of("vip", "math"))
                .customFields(custom),
            "client-test-lead-1");
    String id = created.getId();
    assertThat(created.getEmail()).isEqualToIgnoringCase("ada@analytical.example");
    assertThat(created.getStatus()).isEqualTo(Lead.StatusEnum.NEW);
    assertThat(created.getSource()).isEqualTo(Lead.SourceEnum.REFERRAL);
    assertThat(created.getCreatedAt()).isGreaterThan(BEYOND_INT).isGreaterThanOrEqualTo(before);
    assertThat(created.getUpdatedAt()).isGreaterThanOrEqualTo(created.getCreatedAt());
    assertThat(created.getVersion()).isPositive();
    assertThat(created.getCustomFields()).isEqualTo(custom);
    assertThat(created.getTasks()).isNotEmpty();

    // The worker processes the new lead (normalized names, a score) and reports on the lead.
    Lead processed = settled(id);
    assertThat(processed.getFirstName()).isEqualTo("Ada");
    assertThat(processed.getScore()).isNotNull();
    assertThat(processed.getCrmSyncState()).isNotEqualTo(Lead.CrmSyncStateEnum.PENDING);
    assertThat(processed.getCustomFields()).isEqualTo(custom);

    ApiResponse<Lead> read = leads.getLeadWithHttpInfo(id);
    assertThat(read.getData().getId()).isEqualTo(id);
    String readTag = etag(read);
    assertThat(readTag).isEqualTo("\"" + read.getData().getVersion() + "\"");

    Map<String, Object> replacedCustom = new LinkedHashMap<>(custom);
    replacedCustom.put("seats", 40);
    replacedCustom.put("vip", false);
    ApiResponse<Lead> replaced =
        leads.replaceLeadWithHttpInfo(
            id,
            new LeadInput()
                .email("ada@analytical.example")
                .firstName("Ada")
                .lastName("Lovelace")
                .company("Analytical Engines")
                .title("Countess")
                .source(LeadInput.SourceEnum.REFERRAL)
                .status(LeadInput.StatusEnum.CONTACTED)
                .customFields(replacedCustom),
            readTag);
    assertThat(replaced.getStatusCode()).isEqualTo(200);
    assertThat(replaced.getData().getStatus()).isEqualTo(Lead.StatusEnum.CONTACTED);
    assertThat(replaced.getData().getTitle()).isEqualTo("Countess");
    assertThat(replaced.getData().getCustomFields()).isEqualTo(replacedCustom);
    assertThat(etag(replaced)).isNotEqualTo(readTag);

    // Stale: the tag read before the PUT.
    assertThat(
            status(
                () ->
                    leads.patchLead(
                        id, new LeadPatch().status(LeadPatch.StatusEnum.LOST), readTag)))
        .isEqualTo(412);

    // The PUT's own tag stays good while the worker scores and syncs the lead (its fields do
    // not change the version): the PATCH carries it after the worker is done.
    settled(id);
    String currentTag = etag(replaced);
    assertThat(etag(leads.getLeadWithHttpInfo(id))).isEqualTo(currentTag);
    ApiResponse<Lead> patched =
        leads.patchLeadWithHttpInfo(
            id,
            new LeadPatch()
                .status(LeadPatch.StatusEnum.QUALIFIED)
                .customFields(Map.of("plan", "enterprise")),
            currentTag);
    assertThat(patched.getStatusCode()).isEqualTo(200);
    Lead afterPatch = patched.getData();
    assertThat(afterPatch.getStatus()).isEqualTo(Lead.StatusEnum.QUALIFIED);
    assertThat(afterPatch.getTitle()).as("left alone by the merge patch").isEqualTo("Countess");
    assertThat(afterPatch.getCustomFields()).containsEntry("plan", "enterprise");
    assertThat(afterPatch.getUpdatedAt()).isGreaterThanOrEqualTo(created.getUpdatedAt());

    List<Lead> qualified =
        leads.listLeads("qualified", null, null, null, null, null, "ada", 10L, null).getItems();
    assertThat(qualified).extracting(Lead::getId).containsExactly(id);
    assertThat(qualified.get(0).getCreatedAt()).isEqualTo(created.getCreatedAt());
    assertThat(leads.listLeads("lost", null, null, null, null, null, "ada", 10L, null).getItems())
        .isEmpty();
  }

  @Test
  void aWorkflowStartsAndItsStatusIsRead() throws Exception {
    WorkflowAccepted accepted =
        workflows.startWorkflow(
            new WorkflowRequest()
                .workflow("lead_intake")
                .lead(
                    new LeadInput()
                        .email("grace@navy.example")
                        .firstName("grace")
                        .lastName("hopper")
                        .customFields(Map.of("rank", "rear admiral"))));
    assertThat(accepted.getWorkflow()).isEqualTo("lead_intake");
    assertThat(accepted.getStatus()).isEqualTo(WorkflowAccepted.StatusEnum.QUEUED);
    assertThat(accepted.getStatusUrl()).endsWith("/" + accepted.getWorkflowId() + "/status");

    WorkflowRun run =
        eventually(
            () -> workflows.workflowStatus(accepted.getWorkflowId()),
            r ->
                r.getStatus() != WorkflowRun.StatusEnum.QUEUED
                    && r.getStatus() != WorkflowRun.StatusEnum.RUNNING);
    assertThat(run.getStatus()).as(run.toString()).isEqualTo(WorkflowRun.StatusEnum.SUCCEEDED);
    assertThat(run.getLeadId()).isNotBlank();
    assertThat(run.getCreatedAt()).isGreaterThan(BEYOND_INT);
    assertThat(run.getUpdatedAt()).isGreaterThanOrEqualTo(run.getCreatedAt());
    assertThat(run.getSteps())
        .extracting(WorkflowRunStepsInner::getName)
        .containsExactly("process", "crm_sync", "follow_up");
    for (WorkflowRunStepsInner step : run.getSteps()) {
      assertThat(step.getStatus())
          .as(step.getName())
          .isIn(
              WorkflowRunStepsInner.StatusEnum.SUCCEEDED, WorkflowRunStepsInner.StatusEnum.SKIPPED);
      assertThat(step.getTaskId()).isNotBlank();
      assertThat(step.getAttempts()).isPositive();
      assertThat(step.getFinishedAt()).isGreaterThan(BEYOND_INT);
    }
    // No CRM and no SMTP server are configured here: those steps had nothing to do, and say why.
    assertThat(run.getSteps().get(1).getStatus())
        .isEqualTo(WorkflowRunStepsInner.StatusEnum.SKIPPED);
    assertThat(run.getSteps().get(1).getReason()).isNotBlank();
    assertThat(leads.getLead(run.getLeadId()).getCustomFields())
        .containsEntry("rank", "rear admiral");
  }

  @Test
  void aWebhookSubscriptionAndAnIntakeSourceAreManaged() throws Exception {
    WebhookSubscriptionCreated created =
        webhooks.createWebhookSubscription(
            new WebhookSubscriptionInput()
                .url("https://hooks.example.com/client")
                .addEventsItem(WebhookSubscriptionInput.EventsEnum.LEAD_CREATED)
                .description("client test"));
    assertThat(created.getId()).startsWith("wh_");
    assertThat(created.getSecret()).startsWith("whsec_");
    assertThat(created.getCreatedAt()).isGreaterThan(BEYOND_INT);

    WebhookSubscription read = webhooks.getWebhookSubscription(created.getId());
    assertThat(read.getUrl()).isEqualTo("https://hooks.example.com/client");
    assertThat(read.getEvents()).containsExactly(WebhookSubscription.EventsEnum.LEAD_CREATED);
    assertThat(webhooks.listWebhookSubscriptions(500L, null).getItems())
        .extracting(WebhookSubscription::getId)
        .contains(created.getId());
    assertThat(webhooks.listWebhookDeliveries(created.getId(), 10L).getItems()).isEmpty();
    webhooks.deleteWebhookSubscription(created.getId());

    IntakeSourceCreated source =
        intake.createIntakeSource(
            new IntakeSourceInput().name("client-form").mapping(Map.of("email", "email")));
    assertThat(source.getSecret()).startsWith("whsec_");
    assertThat(source.getUrl()).isEqualTo("/api/intake/client-form");
    assertThat(intake.listIntakeSources(500L, null).getItems())
        .anySatisfy(item -> assertThat(item.getName()).isEqualTo("client-form"));
    intake.deleteIntakeSource("client-form");
  }

  @Test
  void aCampaignCollectsItsMetrics() throws Exception {
    Campaign campaign =
        campaigns.createCampaign(
            new CampaignInput()
                .name("Spring launch")
                .channel(CampaignInput.ChannelEnum.EMAIL)
                .description("client test"));
    assertThat(campaign.getId()).isNotBlank();
    assertThat(campaign.getChannel()).isEqualTo(Campaign.ChannelEnum.EMAIL);
    assertThat(campaign.getStatus()).isNotNull();
    assertThat(campaign.getCreatedAt()).isGreaterThan(BEYOND_INT);

    campaigns.addCampaignMetrics(
        campaign.getId(), new MetricIncrements().sent(100L).delivered(90L).bounced(10L));
    CampaignTotals added =
        campaigns.addCampaignMetrics(
            campaign.getId(), new MetricIncrements().opened(45L).clicked(9L).converted(3L));
    CampaignTotals read = campaigns.getCampaignMetrics(campaign.getId());
    assertThat(read.getTotals()).isEqualTo(added.getTotals());
    assertThat(read.getCampaignId()).isEqualTo(campaign.getId());
    assertThat(read.getTotals().getSent()).isEqualTo(100L);
    assertThat(read.getTotals().getDelivered()).isEqualTo(90L);
    assertThat(read.getTotals().getOpened()).isEqualTo(45L);
    assertThat(read.getTotals().getClicked()).isEqualTo(9L);
    assertThat(read.getTotals().getConverted()).isEqualTo(3L);
    assertThat(read.getTotals().getBounced()).isEqualTo(10L);
    assertThat(read.getRates().getDeliveryRate()).isEqualByComparingTo(new BigDecimal("0.9"));
    assertThat(campaigns.getCampaign(campaign.getId()).getName()).isEqualTo("Spring launch");
  }

  @Test
  void aTaskIsAcceptedAndItsStatusRead() throws Exception {
    long before = System.currentTimeMillis();
    TaskAccepted accepted =
        tasks.createTask(new TaskRequest().type("noop").payload(Map.of("hello", "world")));
    assertThat(accepted.getTaskId()).isNotBlank();
    assertThat(accepted.getStatusUrl()).endsWith("/api/tasks/" + accepted.getTaskId());

    TaskStatus done =
        eventually(() -> tasks.getTask(accepted.getTaskId()), t -> TERMINAL.contains(t.getState()));
    assertThat(done.getState()).isEqualTo(TaskStatus.StateEnum.SUCCEEDED);
    assertThat(done.getType()).isEqualTo("noop");
    assertThat(done.getAttempts()).isEqualTo(1L);
    assertThat(done.getCreatedAt()).isGreaterThanOrEqualTo(before);
    assertThat(done.getFinishedAt()).isGreaterThanOrEqualTo(done.getCreatedAt());
    assertThat(done.getPayload()).isEqualTo(Map.of("hello", "world"));
    assertThat(done.getResult()).isEqualTo(Map.of("ok", true));
  }

  @Test
  void aTaskThatFailsForGoodIsInTheDeadLetters() throws Exception {
    TaskAccepted accepted = tasks.createTask(new TaskRequest().type("doomed").maxAttempts(1L));
    TaskStatus dead =
        eventually(() -> tasks.getTask(accepted.getTaskId()), t -> TERMINAL.contains(t.getState()));
    assertThat(dead.getState()).isEqualTo(TaskStatus.StateEnum.DEAD);
    assertThat(dead.getLastError()).isEqualTo(Doomed.ERROR);

    List<DeadLetterPageItemsInner> letters = admin.listDeadLetters(null, 50L, null).getItems();
    assertThat(letters)
        .filteredOn(letter -> accepted.getTaskId().equals(letter.getTaskId()))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getType()).isEqualTo("doomed");
              assertThat(letter.getError()).isEqualTo(Doomed.ERROR);
              assertThat(letter.getAttempts()).isEqualTo(1L);
              assertThat(letter.getFailedAt()).isGreaterThan(BEYOND_INT);
            });
  }

  private static Token login() throws ApiException {
    return auth.login(new LoginRequest().username("admin").password(RunningApi.ADMIN_PASSWORD));
  }

  /** The lead once the worker has scored it and its CRM sync has ended (its sync chain). */
  private static Lead settled(String id) throws Exception {
    return eventually(
        () -> leads.getLead(id),
        lead -> lead.getScore() != null && lead.getCrmSyncState() != Lead.CrmSyncStateEnum.PENDING);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String etag(ApiResponse<?> response) {
    return response.getHeaders().entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase("ETag"))
        .map(header -> header.getValue().get(0))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ETag in " + response.getHeaders()));
  }

  private static int status(Callable<?> call) throws Exception {
    try {
      call.call();
      return 200;
    } catch (ApiException e) {
      return e.getCode();
    }
  }

  private static <T> T eventually(Callable<T> read, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      T value = read.call();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + PATIENCE + ": " + value);
      }
      Thread.sleep(50);
    }
  }

  /** A task type that always fails: with max_attempts 1 its first failure makes it dead. */
  private static final class Doomed implements TaskHandler {
    static final String ERROR = "downstream refuses it";

    @Override
    public String type() {
      return "doomed";
    }

    @Override
    public Future<JsonObject> handle(TaskContext task) {
      return Future.failedFuture(ERROR);
    }
  }
}
