package io.ao.worker.email;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.email.EmailTemplateStore;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.WorkflowKeys;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.support.HandlerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * email_send, in the shape of the handler test template (CrmSyncHandlerTest), against GreenMail.
 */
@ExtendWith(RedisServerExtension.class)
class EmailSendHandlerTest {

  private static final int SMTP_PORT = FreePort.find();

  @RegisterExtension
  static GreenMailExtension smtp =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private static HandlerHarness harness;
  private static MailClient mail;
  private static final JsonObject TEMPLATES_JSON =
      new JsonObject()
          .put(
              "follow_up",
              new JsonObject()
                  .put("subject", "Hello {{first_name}}")
                  .put("text", "Thanks, {{first_name}}, from {{company}}."));
  private static final EmailTemplates TEMPLATES = new EmailTemplates(TEMPLATES_JSON);

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
  }

  private static EmailSendHandler handler(boolean configured) {
    return handler(configured, mail);
  }

  private static EmailSendHandler handler(boolean configured, MailClient mail) {
    return new EmailSendHandler(
        harness.leads,
        harness.keys,
        harness.redis,
        mail,
        TEMPLATES,
        "sales@example.com",
        configured,
        Duration.ofHours(24),
        new SimpleMeterRegistry());
  }

  private static String lead() {
    return harness.storeLead(
        new JsonObject()
            .put("email", "ada@example.com")
            .put("first_name", "Ada")
            .put("company", "Acme"));
  }

  @Test
  void sendsTheRenderedTemplateToTheLead() throws Exception {
    TaskContext task =
        harness.delivery(TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", lead()));

    JsonObject result = await(handler(true).handle(task));

    assertThat(result.getString("to")).isEqualTo("ada@example.com");
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("Hello Ada");
    assertThat(GreenMailUtil.getBody(received[0])).contains("Thanks, Ada, from Acme.");
    assertThat(received[0].getHeader("X-Task-Id")).containsExactly(task.taskId());
  }

  @Test
  void theTemplateIsTheApisAtSendTimeSoAPutAppliesToTheNextEmail() throws Exception {
    EmailTemplateStore store =
        new EmailTemplateStore(harness.redis, new WorkflowKeys(harness.keys.queue()));
    EmailSendHandler handler =
        new EmailSendHandler(
            harness.leads,
            harness.keys,
            harness.redis,
            mail,
            new EmailTemplates(store, TEMPLATES_JSON),
            "sales@example.com",
            true,
            Duration.ZERO,
            new SimpleMeterRegistry());
    String leadId = lead();

    // nothing stored yet (the seeding has not reached Redis): the configured template
    await(
        handler.handle(
            harness.delivery(TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId))));
    await(
        store.put(
            "follow_up",
            new JsonObject()
                .put("subject", "Changed for {{first_name}}")
                .put("text", "Edited through the API, {{company}}.")));
    await(
        handler.handle(
            harness.delivery(TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId))));

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2);
    assertThat(received[0].getSubject()).isEqualTo("Hello Ada");
    assertThat(received[1].getSubject()).isEqualTo("Changed for Ada");
    assertThat(GreenMailUtil.getBody(received[1])).contains("Edited through the API, Acme.");
  }

  @Test
  void aSecondDeliveryOfTheSameTaskSendsNothing() {
    String leadId = lead();
    TaskContext first =
        harness.delivery("task-1", TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));
    TaskContext again =
        harness.delivery("task-1", TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));

    await(handler(true).handle(first));
    JsonObject second = await(handler(true).handle(again));

    assertThat(second.getString("skipped")).contains("had its email accepted");
    assertThat(second.getString("message_id")).isEqualTo("<task-task-1@example.com>");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aDeliveryCutOffDuringTheSmtpExchangeIsSentAgainWithTheSameMessageId() throws Exception {
    String leadId = lead();
    TaskContext first =
        harness.delivery("task-2", TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));
    await(handler(true).handle(first));
    // the worker died after the server accepted the message and before recording "sent"
    FollowUpWindow window =
        new FollowUpWindow(harness.redis, harness.keys.queue(), Duration.ofHours(24));
    await(
        harness.redis.send(Request.cmd(Command.SET).arg(window.marker("task-2")).arg("sending:1")));
    TaskContext redelivery =
        harness.delivery("task-2", TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));

    JsonObject again = await(handler(true).handle(redelivery));

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(again.getString("message_id")).isEqualTo("<task-task-2@example.com>");
    assertThat(received).hasSize(2);
    assertThat(received[0].getMessageID()).isEqualTo("<task-task-2@example.com>");
    assertThat(received[1].getMessageID()).isEqualTo(received[0].getMessageID());
  }

  @Test
  void whenNoSmtpServerAcceptsTheMessageTheClaimIsReleasedAndTheRetrySends() throws Exception {
    String leadId = lead();
    MailClient nowhere =
        MailClient.create(
            harness.vertx,
            new MailConfig()
                .setHostname("127.0.0.1")
                .setPort(FreePort.find())
                .setStarttls(StartTLSOptions.DISABLED));
    TaskContext first =
        harness.delivery("task-3", TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));

    Throwable failure = failureOf(handler(true, nowhere).handle(first));

    FollowUpWindow window =
        new FollowUpWindow(harness.redis, harness.keys.queue(), Duration.ofHours(24));
    assertThat(failure).isNotInstanceOf(PermanentTaskFailure.class);
    assertThat(
            await(harness.redis.send(Request.cmd(Command.EXISTS).arg(window.marker("task-3"))))
                .toInteger())
        .isZero();
    assertThat(
            await(
                    harness.redis.send(
                        Request.cmd(Command.EXISTS).arg(window.key(leadId, "follow_up"))))
                .toInteger())
        .isZero();
    TaskContext retry =
        harness.delivery("task-3", TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));
    JsonObject sent = await(handler(true).handle(retry));
    assertThat(sent.getString("message_id")).isEqualTo("<task-task-3@example.com>");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(
            await(harness.redis.send(Request.cmd(Command.GET).arg(window.marker("task-3"))))
                .toString())
        .isEqualTo("sent");
  }

  @Test
  void theMessageIdIsTheTaskIdAtTheSendersDomain() {
    assertThat(EmailSendHandler.messageId("t-1", "Sales <sales@acme.example>"))
        .isEqualTo("<task-t-1@acme.example>");
    assertThat(EmailSendHandler.messageId("t-1", "nobody")).isEqualTo("<task-t-1@ao.local>");
  }

  @Test
  void anUnknownTemplateFailsTheTaskAtOnce() {
    TaskContext task =
        harness.delivery(
            TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", lead()).put("template", "nope"));

    assertThat(failureOf(handler(true).handle(task)))
        .isInstanceOf(PermanentTaskFailure.class)
        .hasMessageContaining("nope");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void withoutSmtpOrWithoutTheLeadNothingIsSent() {
    JsonObject unconfigured =
        await(
            handler(false)
                .handle(
                    harness.delivery(
                        TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", lead()))));
    JsonObject deleted =
        await(
            handler(true)
                .handle(
                    harness.delivery(
                        TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", "gone"))));

    assertThat(unconfigured.getString("skipped")).contains("email.smtp.host");
    assertThat(deleted.getString("skipped")).isEqualTo("lead deleted");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aStoredLeadsControlCharactersNeverReachSmtpRaw() throws Exception {
    // written straight to Redis, as a lead stored before the API refused these could be
    String leadId =
        harness.storeLead(
            new JsonObject()
                .put("email", "ada@example.com")
                .put("first_name", "Ada\u0000\u001b[31m\r\nBcc: victim@example.com")
                .put("company", "Acme\u202e\u0007"));

    JsonObject result =
        await(
            handler(true)
                .handle(
                    harness.delivery(
                        TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId))));

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    String raw = GreenMailUtil.getWholeMessage(received[0]);
    System.out.printf(
        "stored lead with NUL, ESC, CR LF, RLO, BEL: sent=%s subject=%s recipients=%d%n",
        result.getString("message_id") != null,
        received[0].getSubject(),
        received[0].getAllRecipients().length);
    assertThat(received[0].getSubject()).isEqualTo("Hello Ada [31m Bcc: victim@example.com");
    assertThat(received[0].getAllRecipients()).hasSize(1);
    assertThat(received[0].getHeader("Bcc")).isNull();
    assertThat(smtp.getReceivedMessagesForDomain("victim@example.com")).isEmpty();
    assertThat(raw.chars().filter(c -> c < 0x20 && c != '\r' && c != '\n' && c != '\t'))
        .as("no control character but line breaks and tabs in the message as received")
        .isEmpty();
    assertThat(GreenMailUtil.getBody(received[0])).contains("from Acme.");
  }

  @Test
  void aStoredLeadWhoseEmailHoldsAControlOrLooksAlikeFailsAtOnceAndSendsNothing() {
    for (String email :
        new String[] {
          "ada\u0000@example.com",
          "ada@example.com\r\nRCPT TO:<victim@example.com>",
          "ada@\u0435xample.com"
        }) {
      String leadId = harness.storeLead(new JsonObject().put("email", email));
      TaskContext task =
          harness.delivery(TaskTypes.EMAIL_SEND, new JsonObject().put("lead_id", leadId));

      Throwable failure = failureOf(handler(true).handle(task));
      System.out.printf(
          "stored lead with email %s: %s%n",
          email
              .codePoints()
              .mapToObj(c -> c < 0x20 ? String.format("\\x%02x", c) : Character.toString(c))
              .reduce("", String::concat),
          failure.getMessage());
      assertThat(failure)
          .isInstanceOf(PermanentTaskFailure.class)
          .hasMessageContaining("not mailable");
    }
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
