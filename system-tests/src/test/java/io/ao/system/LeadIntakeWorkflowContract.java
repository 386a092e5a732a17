package io.ao.system;

import static io.ao.system.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.RedisTarget;
import io.ao.system.support.CrmStandIn;
import io.ao.system.support.EngineStack;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * lead_intake end to end: API + worker + Redis + CRM stand-in + GreenMail; against one server
 * ({@link LeadIntakeWorkflowTest}) and a 3-master cluster with the queue in three partitions
 * ({@link LeadIntakeWorkflowClusterTest}).
 */
abstract class LeadIntakeWorkflowContract {

  private static final int SMTP_PORT = FreePort.find();

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private final RedisTarget redis;
  private final int partitions;
  private EngineStack stack;
  RunningApi api;
  private CrmStandIn crm;

  LeadIntakeWorkflowContract(RedisTarget redis, int partitions) {
    this.redis = redis;
    this.partitions = partitions;
  }

  @BeforeEach
  void start() {
    redis.flushAll();
    stack = EngineStack.start(redis, partitions, SMTP_PORT, Map.of());
    api = stack.api();
    crm = stack.crm();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void aNewLeadGoesThroughProcessingCrmAndFollowUpEmailExactlyOnce() throws Exception {
    JsonObject accepted =
        api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", "lead_intake")
                    .put(
                        "lead",
                        new JsonObject()
                            .put("email", "margaret@apollo.example")
                            .put("first_name", "margaret")
                            .put("last_name", "hamilton")
                            .put("company", "MIT")))
            .bodyAsJsonObject();
    assertThat(accepted.getString("status")).isEqualTo("queued");
    String statusUrl = accepted.getString("status_url");

    List<String> seen = new ArrayList<>();
    eventually(
        Duration.ofSeconds(20),
        () -> {
          String status = api.get(statusUrl).bodyAsJsonObject().getString("status");
          if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
            seen.add(status);
          }
          return "succeeded".equals(status) || "failed".equals(status);
        });
    JsonObject run = api.get(statusUrl).bodyAsJsonObject();
    assertThat(run.getString("status")).as(run.encodePrettily()).isEqualTo("succeeded");
    assertThat(seen).first().isIn("queued", "running");
    assertThat(seen).last().isEqualTo("succeeded");
    assertThat(run.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("status")))
        .containsExactly("succeeded", "succeeded", "succeeded");

    List<CrmStandIn.Received> creates =
        crm.received().stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(creates).hasSize(1);
    assertThat(creates.get(0).idempotencyKey())
        .isEqualTo(accepted.getString("workflow_id") + ".1.crm_sync");
    assertThat(creates.get(0).body().getString("firstName")).isEqualTo("Margaret");
    assertThat(creates.get(0).body().getString("lastName")).isEqualTo("Hamilton");
    assertThat(creates.get(0).body().getString("email")).isEqualTo("margaret@apollo.example");

    MimeMessage[] messages = mail.getReceivedMessages();
    assertThat(messages).hasSize(1);
    assertThat(messages[0].getSubject()).isEqualTo("Thanks for your interest, Margaret");
    assertThat(GreenMailUtil.getBody(messages[0]))
        .contains("Hello Margaret Hamilton")
        .contains("margaret@apollo.example");
    assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo("margaret@apollo.example");
  }

  /**
   * Issue 15, item 7: five triggers of one lead sent five phishing-shaped emails to one address.
   * Each run still succeeds; the follow-up goes out once per email.followup_window_hours.
   */
  @Test
  void fiveTriggersOfOneLeadSendItsFollowUpOnce() throws Exception {
    JsonObject first =
        api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", "lead_intake")
                    .put("lead", new JsonObject().put("email", "grace@navy.example")))
            .bodyAsJsonObject();
    List<String> statusUrls = new ArrayList<>(List.of(first.getString("status_url")));
    awaitSucceeded(statusUrls.get(0));
    String leadId = api.get(statusUrls.get(0)).bodyAsJsonObject().getString("lead_id");
    for (int i = 0; i < 4; i++) {
      JsonObject again =
          api.postJson(
                  "/api/workflows",
                  new JsonObject().put("workflow", "lead_intake").put("lead_id", leadId))
              .bodyAsJsonObject();
      assertThat(again.getString("status")).as(again.encode()).isEqualTo("queued");
      statusUrls.add(again.getString("status_url"));
    }
    for (String statusUrl : statusUrls) {
      awaitSucceeded(statusUrl);
    }
    MimeMessage[] messages = mail.getReceivedMessages();
    System.out.printf(
        "five lead_intake runs of one lead: %d succeeded, %d email(s) sent%n",
        statusUrls.size(), messages.length);
    assertThat(messages).hasSize(1);
    assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo("grace@navy.example");
  }

  void awaitSucceeded(String statusUrl) throws Exception {
    eventually(
        Duration.ofSeconds(20),
        () -> {
          String status = api.get(statusUrl).bodyAsJsonObject().getString("status");
          return "succeeded".equals(status) || "failed".equals(status);
        });
    JsonObject run = api.get(statusUrl).bodyAsJsonObject();
    assertThat(run.getString("status")).as(run.encodePrettily()).isEqualTo("succeeded");
  }

  @Test
  void aStepThatFailsFailsTheRunWithTheStepsError() throws Exception {
    crm.answerNext(400);
    String statusUrl =
        api.postJson(
                "/api/workflows/trigger",
                new JsonObject()
                    .put("workflow", "lead_intake")
                    .put("lead", new JsonObject().put("email", "bad@example.com")))
            .bodyAsJsonObject()
            .getString("status_url");

    eventually(
        Duration.ofSeconds(15),
        () -> "failed".equals(api.get(statusUrl).bodyAsJsonObject().getString("status")));
    JsonObject run = api.get(statusUrl).bodyAsJsonObject();
    assertThat(run.getString("error")).startsWith("crm_sync: CRM answered 400");
    assertThat(run.getJsonArray("steps").getJsonObject(2).getString("status"))
        .as("no email after a failed step")
        .isEqualTo("pending");
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  void badTriggersAreRefused() {
    Problems.assertInvalidFields(
        api.postJson(
            "/api/workflows", new JsonObject().put("workflow", "nope").put("lead_id", "x")),
        "workflow");
    Problems.assertInvalidFields(
        api.postJson("/api/workflows", new JsonObject().put("workflow", "crm_sync")), "lead");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/workflows",
            new JsonObject().put("workflow", "crm_sync").put("lead_id", "no-such-lead")),
        "lead_id");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/workflows",
            new JsonObject()
                .put("workflow", "crm_sync")
                .put("lead", new JsonObject().put("email", "broken"))),
        "lead.email");
    Problems.assertProblem(api.get("/api/workflows/no-such-run/status"), 404);
    assertThat(
            api.get("/api/workflows/definitions").bodyAsJsonObject().getJsonArray("items").size())
        .isEqualTo(2);
    assertThat(api.send(HttpMethod.GET, "/api/workflows?status=succeeded").statusCode())
        .isEqualTo(200);
  }
}
