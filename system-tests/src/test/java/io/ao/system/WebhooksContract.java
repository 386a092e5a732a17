package io.ao.system;

import static io.ao.api.support.RunningApi.await;
import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.webhooks.WebhookSignature;
import io.ao.system.support.EngineStack;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound webhooks through the whole stack: the API's lead and run scripts enqueue deliveries, a
 * worker signs and sends them to a receiver on 127.0.0.1 (so the private-address allowance is on
 * here), the queue retries a 500 with the same webhook-id, and the delivery log shows each attempt.
 */
abstract class WebhooksContract {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final RedisTarget redis;
  private final int partitions;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
  private EngineStack stack;
  private RunningApi api;
  private HttpServer receiver;

  WebhooksContract(RedisTarget redis, int partitions) {
    this.redis = redis;
    this.partitions = partitions;
  }

  @BeforeEach
  void start() {
    redis.flushAll();
    stack =
        EngineStack.start(
            redis,
            partitions,
            0,
            Map.of(
                "AO_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES",
                "true",
                "AO_QUEUE_RETRY_BASE_DELAY_MS",
                "200"));
    api = stack.api();
    receiver =
        await(
            stack
                .vertx()
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  received.add(
                                      new JsonObject()
                                          .put("id", request.getHeader("webhook-id"))
                                          .put("timestamp", request.getHeader("webhook-timestamp"))
                                          .put("signature", request.getHeader("webhook-signature"))
                                          .put("body", body.toString()));
                                  Integer status = answers.poll();
                                  request
                                      .response()
                                      .setStatusCode(status == null ? 204 : status)
                                      .end();
                                }))
                .listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private JsonObject subscribe(String... events) {
    var created =
        api.postJson(
            "/api/webhooks",
            new JsonObject()
                .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
                .put("events", new JsonArray(List.of(events))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static boolean signedBy(String secret, JsonObject call) {
    return WebhookSignature.of(secret)
        .verifies(
            call.getString("id"),
            Long.parseLong(call.getString("timestamp")),
            call.getString("body").getBytes(StandardCharsets.UTF_8),
            call.getString("signature"));
  }

  private List<JsonObject> ofType(String type) {
    return received.stream()
        .filter(call -> new JsonObject(call.getString("body")).getString("type").equals(type))
        .toList();
  }

  @Test
  void aLeadCreatedEventAnsweredWith500IsRetriedByTheQueueUnderTheSameWebhookId() throws Exception {
    JsonObject subscription = subscribe("lead.created");
    answers.add(500);

    String lead =
        api.postJson("/api/leads", new JsonObject().put("email", "retry@example.com"))
            .bodyAsJsonObject()
            .getString("id");

    eventually(TIMEOUT, () -> received.size() >= 2);
    assertThat(received.get(1).getString("id")).isEqualTo(received.get(0).getString("id"));
    assertThat(received)
        .allSatisfy(call -> assertThat(signedBy(subscription.getString("secret"), call)).isTrue());
    JsonObject body = new JsonObject(received.get(1).getString("body"));
    assertThat(body.getString("type")).isEqualTo("lead.created");
    assertThat(body.getJsonObject("data").getString("id")).isEqualTo(lead);
    String deliveries = "/api/webhooks/" + subscription.getString("id") + "/deliveries";
    eventually(
        TIMEOUT, () -> api.get(deliveries).bodyAsJsonObject().getJsonArray("items").size() == 2);
    JsonArray attempts = api.get(deliveries).bodyAsJsonObject().getJsonArray("items");
    assertThat(attempts.getJsonObject(0).getInteger("attempt")).isEqualTo(2);
    assertThat(attempts.getJsonObject(0).getInteger("status_code")).isEqualTo(204);
    assertThat(attempts.getJsonObject(1).getInteger("attempt")).isEqualTo(1);
    assertThat(attempts.getJsonObject(1).getInteger("status_code")).isEqualTo(500);
    assertThat(attempts.getJsonObject(1).getString("error")).isEqualTo("HTTP 500");
    assertThat(received).hasSize(2);
  }

  @Test
  void aWorkflowsWebhookStepIsDeliveredAndItsRunsEndIsAnEvent() throws Exception {
    JsonObject target = subscribe("lead.deleted");
    JsonObject ends = subscribe("workflow.succeeded", "workflow.failed");
    define("notify_ok", target.getString("id"));
    define("notify_gone", "wh_deleted0");

    String ok = run("notify_ok", "ok@example.com");
    String gone = run("notify_gone", "gone@example.com");

    eventually(
        TIMEOUT,
        () -> ofType("workflow.succeeded").size() == 1 && ofType("workflow.failed").size() == 1);
    JsonObject step = ofType("workflow.step").get(0);
    assertThat(signedBy(target.getString("secret"), step)).isTrue();
    JsonObject stepData = new JsonObject(step.getString("body")).getJsonObject("data");
    assertThat(stepData.getString("run_id")).isEqualTo(ok);
    assertThat(stepData.getString("step")).isEqualTo("notify");
    JsonObject succeeded = ofType("workflow.succeeded").get(0);
    assertThat(signedBy(ends.getString("secret"), succeeded)).isTrue();
    assertThat(
            new JsonObject(succeeded.getString("body")).getJsonObject("data").getString("run_id"))
        .isEqualTo(ok);
    JsonObject failed = new JsonObject(ofType("workflow.failed").get(0).getString("body"));
    assertThat(failed.getJsonObject("data").getString("run_id")).isEqualTo(gone);
    assertThat(failed.getJsonObject("data").getString("error")).contains("no longer exists");
    JsonObject status = api.get("/api/workflows/" + ok + "/status").bodyAsJsonObject();
    assertThat(status.getString("status")).isEqualTo("succeeded");
  }

  private void define(String name, String subscription) {
    var created =
        api.postJson(
            "/api/workflows/definitions",
            new JsonObject()
                .put("name", name)
                .put(
                    "steps",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("name", "notify")
                                .put("type", "webhook")
                                .put("subscription", subscription))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  private String run(String workflow, String email) {
    var accepted =
        api.postJson(
            "/api/workflows",
            new JsonObject()
                .put("workflow", workflow)
                .put("lead", new JsonObject().put("email", email)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("workflow_id");
  }
}
