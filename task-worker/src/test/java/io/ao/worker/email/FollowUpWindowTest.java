package io.ao.worker.email;

import static io.ao.worker.support.HandlerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.support.HandlerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15 item 7: five triggers sent five phishing-shaped emails to one address. A lead gets each
 * template at most once per window, however many tasks ask; a retry of the task that holds the
 * window still sends; after the window a new one goes out.
 */
@ExtendWith(RedisServerExtension.class)
class FollowUpWindowTest {

  private static final int SMTP_PORT = FreePort.find();

  @RegisterExtension
  static GreenMailExtension smtp =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private static final EmailTemplates TEMPLATES =
      new EmailTemplates(
          new JsonObject()
              .put("follow_up", new JsonObject().put("subject", "Hi").put("text", "Hello."))
              .put("reminder", new JsonObject().put("subject", "Again").put("text", "Hello.")));

  private static HandlerHarness harness;
  private static MailClient mail;
  private SimpleMeterRegistry meters;

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
    mail =
        MailClient.create(
            harness.vertx,
            new MailConfig()
                .setHostname("127.0.0.1")
                .setPort(SMTP_PORT)
                .setStarttls(StartTLSOptions.DISABLED));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void reset() {
    harness.reset();
    meters = new SimpleMeterRegistry();
  }

  private EmailSendHandler handler(Duration window) {
    return new EmailSendHandler(
        harness.leads,
        harness.keys,
        harness.redis,
        mail,
        TEMPLATES,
        "sales@example.com",
        true,
        window,
        meters);
  }

  private static String lead() {
    return harness.storeLead(new JsonObject().put("email", "target@example.com"));
  }

  private static TaskContext task(String taskId, String leadId, String template) {
    return harness.delivery(
        taskId,
        TaskTypes.EMAIL_SEND,
        new JsonObject().put("lead_id", leadId).put("template", template));
  }

  private double skippedCount() {
    var counter = meters.find(EmailSendHandler.SKIPPED_METRIC).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void fiveTriggersAtOnceForOneLeadSendOneEmail() {
    String leadId = lead();
    EmailSendHandler handler = handler(Duration.ofHours(24));
    List<Future<JsonObject>> runs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      runs.add(handler.handle(task("trigger-" + i, leadId, "follow_up")));
    }
    List<JsonObject> results = await(Future.all(runs)).list();

    List<JsonObject> sent = results.stream().filter(r -> r.containsKey("message_id")).toList();
    List<JsonObject> skipped = results.stream().filter(r -> r.containsKey("skipped")).toList();
    System.out.printf(
        "follow-up triggered 5 times at once: %d received by SMTP, %d skipped, metric %s=%.0f, a skip: %s%n",
        smtp.getReceivedMessages().length,
        skipped.size(),
        EmailSendHandler.SKIPPED_METRIC,
        skippedCount(),
        skipped.isEmpty() ? "-" : skipped.get(0).encode());
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(sent).hasSize(1);
    assertThat(skipped).hasSize(4);
    String winner = "trigger-" + (results.indexOf(sent.get(0)) + 1);
    assertThat(skipped)
        .allSatisfy(
            r -> {
              assertThat(r.getString("skipped")).isEqualTo("already sent within window");
              assertThat(r.getString("sent_by_task")).isEqualTo(winner);
              assertThat(r.getDouble("window_hours")).isEqualTo(24.0);
            });
    assertThat(skippedCount()).isEqualTo(4);
  }

  @Test
  void theWindowIsPerTemplate() {
    String leadId = lead();
    EmailSendHandler handler = handler(Duration.ofHours(24));
    await(handler.handle(task("a", leadId, "follow_up")));
    JsonObject other = await(handler.handle(task("b", leadId, "reminder")));
    JsonObject again = await(handler.handle(task("c", leadId, "reminder")));

    assertThat(other.getString("message_id")).isNotNull();
    assertThat(again.getString("skipped")).isEqualTo("already sent within window");
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aRetryOfTheTaskThatClaimedTheWindowStillSends() {
    String leadId = lead();
    // the worker died after the claim and before sending: the window holds this task's id
    FollowUpWindow window =
        new FollowUpWindow(harness.redis, harness.keys.queue(), Duration.ofHours(24));
    assertThat(await(window.claim(leadId, "follow_up", "crashed-task")))
        .isInstanceOf(FollowUpWindow.Claim.Granted.class);

    JsonObject retry =
        await(handler(Duration.ofHours(24)).handle(task("crashed-task", leadId, "follow_up")));
    JsonObject other =
        await(handler(Duration.ofHours(24)).handle(task("other-task", leadId, "follow_up")));

    System.out.printf(
        "retry of the task holding the window: %s; another task: %s; received %d%n",
        retry.containsKey("message_id") ? "sent" : retry.encode(),
        other.getString("skipped"),
        smtp.getReceivedMessages().length);
    assertThat(retry.getString("message_id")).isNotNull();
    assertThat(other.getString("sent_by_task")).isEqualTo("crashed-task");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void afterTheWindowHasPassedANewOneIsSent() throws InterruptedException {
    // A real window must pass, so this test reads the clock. The two triggers claim the 1 s
    // window a few Redis round trips apart, before any SMTP: a wide margin.
    Duration tiny = Duration.ofSeconds(1);
    EmailSendHandler handler = handler(tiny);
    String leadId = lead();
    List<JsonObject> both =
        await(
                Future.all(
                    handler.handle(task("first", leadId, "follow_up")),
                    handler.handle(task("second", leadId, "follow_up"))))
            .list();
    assertThat(both).filteredOn(r -> r.containsKey("message_id")).hasSize(1);
    assertThat(both)
        .filteredOn(r -> "already sent within window".equals(r.getString("skipped")))
        .hasSize(1);

    String key =
        new FollowUpWindow(harness.redis, harness.keys.queue(), tiny).key(leadId, "follow_up");
    int polls = 0;
    // bounded: 150 polls of 20 ms, three times the window
    while (polls < 150
        && await(harness.redis.send(Request.cmd(Command.EXISTS).arg(key))).toInteger() == 1) {
      Thread.sleep(20);
      polls++;
    }
    JsonObject after = await(handler.handle(task("third", leadId, "follow_up")));

    System.out.printf(
        "window of 1 s: 2 triggers at once -> 1 sent, 1 skipped; window gone after %d polls of 20 ms; third trigger %s; received %d%n",
        polls,
        after.containsKey("message_id") ? "sent" : after.encode(),
        smtp.getReceivedMessages().length);
    assertThat(polls).isLessThan(150);
    assertThat(after.getString("message_id")).isNotNull();
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aWindowOfZeroSendsEveryTasksEmail() {
    String leadId = lead();
    EmailSendHandler handler = handler(Duration.ZERO);
    await(handler.handle(task("one", leadId, "follow_up")));
    await(handler.handle(task("two", leadId, "follow_up")));

    assertThat(smtp.getReceivedMessages()).hasSize(2);
    assertThat(skippedCount()).isZero();
  }
}
