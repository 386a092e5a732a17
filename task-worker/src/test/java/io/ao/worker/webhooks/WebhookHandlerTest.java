package io.ao.worker.webhooks;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.webhooks.DeliveryLog;
import io.ao.shared.webhooks.TargetPolicy;
import io.ao.shared.webhooks.WebhookKeys;
import io.ao.shared.webhooks.WebhookSignature;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.support.HandlerHarness;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook task against a real HTTP server on 127.0.0.1 (the receiver) and the test's Redis:
 * signatures an independent implementation accepts, a 500 retried with the same webhook-id, the
 * SSRF guard with the private-address allowance off, redirects not followed, the delivery log.
 */
@ExtendWith(RedisServerExtension.class)
class WebhookHandlerTest {

  private static final String SECRET = WebhookSignature.newSecret();
  private static HandlerHarness harness;
  private static HttpServer receiver;
  private static final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private static final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
  private static WebhookKeys keys;

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
    keys = new WebhookKeys(harness.keys.queue());
    receiver =
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
                                          .put("path", request.uri())
                                          .put("host", request.authority().host())
                                          .put("id", request.getHeader("webhook-id"))
                                          .put("timestamp", request.getHeader("webhook-timestamp"))
                                          .put("signature", request.getHeader("webhook-signature"))
                                          .put("body", body.toString()));
                                  Integer status = answers.poll();
                                  int code = status == null ? 204 : status;
                                  if (code == 302) {
                                    request.response().putHeader("Location", "http://127.0.0.1:1/");
                                  }
                                  request.response().setStatusCode(code).end();
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
    answers.clear();
  }

  private static WebhookHandler handler(boolean allowPrivate) {
    return WebhookHandlers.create(
        harness.vertx, harness.redis, keys, new TargetPolicy(List.of(), allowPrivate), 2_000, 10);
  }

  private static String url() {
    return "http://127.0.0.1:" + receiver.actualPort() + "/hooks/crm?team=7";
  }

  private static void subscription(String id, String url) {
    await(
        harness.redis.send(
            Request.cmd(Command.HSET)
                .arg(keys.subscription(id))
                .arg("url")
                .arg(url)
                .arg("secret")
                .arg(SECRET)
                .arg("max_attempts")
                .arg("5")));
  }

  private static TaskContext eventDelivery(String taskId, int attempt, String subscription) {
    JsonObject payload =
        new JsonObject()
            .put("subscription", subscription)
            .put("event_id", "evt_1700000000000_1")
            .put("event", "lead.created")
            .put("occurred_at", 1_700_000_000_000L)
            .put(
                "data",
                new JsonObject()
                    .put("id", "lead-1")
                    .put("email", "ada@example.com")
                    .put("tags", new JsonArray()));
    TaskEnvelope envelope =
        new TaskEnvelope("1-0", taskId, TaskTypes.WEBHOOK, payload, attempt, 5, 0, "", "", "");
    return new TaskContext(envelope, attempt, 5, "test-worker");
  }

  private static JsonArray log(String subscription) {
    return await(new DeliveryLog(harness.redis, keys, 10).newest(subscription, 10));
  }

  @Test
  void aDeliveryIsSignedSoThatAnIndependentPythonVerifierAcceptsIt() throws Exception {
    subscription("wh_a", url());

    JsonObject result = await(handler(true).handle(eventDelivery("wh.t1", 1, "wh_a")));

    assertThat(result.getInteger("status_code")).isEqualTo(204);
    JsonObject call = received.get(0);
    assertThat(call.getString("path")).isEqualTo("/hooks/crm?team=7");
    assertThat(call.getString("id")).isEqualTo("evt_1700000000000_1");
    JsonObject body = new JsonObject(call.getString("body"));
    assertThat(body.getString("type")).isEqualTo("lead.created");
    assertThat(body.getString("timestamp")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(body.getJsonObject("data").getValue("tags")).isEqualTo(new JsonArray());
    assertThat(python(call, SECRET)).isEqualTo("valid");
    assertThat(python(call, WebhookSignature.newSecret()))
        .as("another secret's verifier refuses it")
        .isEqualTo("invalid");
    JsonObject attempt = log("wh_a").getJsonObject(0);
    assertThat(attempt.getString("event_id")).isEqualTo("evt_1700000000000_1");
    assertThat(attempt.getInteger("attempt")).isEqualTo(1);
    assertThat(attempt.getInteger("status_code")).isEqualTo(204);
    assertThat(attempt.getValue("error")).isNull();
  }

  @Test
  void a500FailsTheAttemptForARetryThatSendsTheSameWebhookIdFreshlySigned() {
    subscription("wh_a", url());
    answers.add(500);

    Throwable first = failureOf(handler(true).handle(eventDelivery("wh.t1", 1, "wh_a")));
    JsonObject second = await(handler(true).handle(eventDelivery("wh.t1", 2, "wh_a")));

    assertThat(first).isNotInstanceOf(PermanentTaskFailure.class).hasMessage("HTTP 500");
    assertThat(second.getInteger("status_code")).isEqualTo(204);
    assertThat(received).hasSize(2);
    assertThat(received.get(1).getString("id")).isEqualTo(received.get(0).getString("id"));
    JsonArray attempts = log("wh_a");
    assertThat(attempts.getJsonObject(0).getInteger("attempt")).isEqualTo(2);
    assertThat(attempts.getJsonObject(1).getInteger("status_code")).isEqualTo(500);
    assertThat(attempts.getJsonObject(1).getString("error")).isEqualTo("HTTP 500");
  }

  @Test
  void withTheAllowanceOffLoopbackAndTheMetadataAddressAreRefusedWithoutAConnection() {
    subscription("wh_loop", url());
    subscription("wh_meta", "http://169.254.169.254/latest/meta-data/");
    subscription("wh_name", "http://localhost:" + receiver.actualPort() + "/");
    subscription("wh_mapped", "http://[::ffff:127.0.0.1]:" + receiver.actualPort() + "/");

    for (String id : List.of("wh_loop", "wh_meta", "wh_name", "wh_mapped")) {
      Throwable refused = failureOf(handler(false).handle(eventDelivery("wh.t." + id, 1, id)));
      assertThat(refused).as(id).isInstanceOf(PermanentTaskFailure.class);
      assertThat(refused.getMessage()).as(id).startsWith("target refused");
      assertThat(log(id).getJsonObject(0).getString("error")).startsWith("target refused");
    }
    assertThat(received).as("no request reached the receiver").isEmpty();
  }

  @Test
  void aRedirectIsNotFollowedAndFailsTheDelivery() {
    subscription("wh_a", url());
    answers.add(302);

    Throwable failure = failureOf(handler(true).handle(eventDelivery("wh.t1", 1, "wh_a")));

    assertThat(failure).isInstanceOf(PermanentTaskFailure.class);
    assertThat(failure.getMessage()).contains("redirects are not followed");
    assertThat(received).hasSize(1);
  }

  @Test
  void aDeletedSubscriptionFailsTheTaskAtOnce() {
    Throwable failure = failureOf(handler(true).handle(eventDelivery("wh.t1", 1, "wh_gone")));

    assertThat(failure).isInstanceOf(PermanentTaskFailure.class);
    assertThat(received).isEmpty();
  }

  @Test
  void theTasksStoredPayloadIsSentSoADeletedLeadsDataIsNot() {
    subscription("wh_a", url());
    await(
        harness.redis.send(
            Request.cmd(Command.HSET)
                .arg(keys.task("wh.t1"))
                .arg("payload")
                .arg(
                    "{\"subscription\":\"wh_a\",\"event_id\":\"evt_1700000000000_1\","
                        + "\"event\":\"lead.created\",\"occurred_at\":1700000000000,"
                        + "\"data\":{\"id\":\"lead-1\"},\"erased\":true}")));

    await(handler(true).handle(eventDelivery("wh.t1", 1, "wh_a")));

    JsonObject body = new JsonObject(received.get(0).getString("body"));
    assertThat(body.getJsonObject("data")).isEqualTo(new JsonObject().put("id", "lead-1"));
    assertThat(received.get(0).getString("body")).doesNotContain("ada@example.com");
  }

  @Test
  void aWorkflowStepDeliversUnderItsTaskIdWithTheRunAndStep() {
    subscription("wh_a", url());
    TaskEnvelope envelope =
        new TaskEnvelope(
            "1-0",
            "run-9.2.notify",
            TaskTypes.WEBHOOK,
            new JsonObject()
                .put("subscription", "wh_a")
                .put("workflow", "nurture")
                .put("lead_id", "lead-1"),
            1,
            5,
            1_700_000_000_000L,
            "",
            "run-9",
            "notify");

    await(handler(true).handle(new TaskContext(envelope, 1, 5, "test-worker")));

    JsonObject call = received.get(0);
    assertThat(call.getString("id")).isEqualTo("run-9.2.notify");
    JsonObject body = new JsonObject(call.getString("body"));
    assertThat(body.getString("type")).isEqualTo("workflow.step");
    assertThat(body.getJsonObject("data"))
        .isEqualTo(
            new JsonObject()
                .put("run_id", "run-9")
                .put("workflow", "nurture")
                .put("step", "notify")
                .put("lead_id", "lead-1"));
  }

  /** Runs the committed Python verifier on what the receiver got; its one line of output. */
  private static String python(JsonObject call, String secret) throws Exception {
    assumeTrue(new File("/usr/bin/python3").canExecute(), "python3 is needed for this check");
    Path body = Files.createTempFile("webhook-body", ".json");
    try {
      Files.writeString(body, call.getString("body"), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      command.add("python3");
      command.add(Path.of("src/test/resources/standard_webhooks_verify.py").toString());
      command.add(secret);
      command.add(call.getString("id"));
      command.add(call.getString("timestamp"));
      command.add(call.getString("signature"));
      command.add(body.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("python3 finished").isTrue();
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    } finally {
      Files.deleteIfExists(body);
    }
  }
}
