package io.ao.worker.email;

import io.ao.shared.leads.LeadKeys;
import io.ao.shared.leads.LeadRecords;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.redis.client.Redis;
import java.time.Duration;

/**
 * email_send: renders the step's template (the API's, read at send time: {@link EmailTemplates})
 * with the lead's fields and sends it over SMTP.
 *
 * <ol>
 *   <li>The lead's follow-up window ({@link FollowUpWindow}): a template already sent to this lead
 *       by another task within {@code email.followup_window_hours} is not sent again; the task
 *       succeeds as skipped and {@code ao_email_followups_skipped_total} counts it.
 *   <li>At least once per task: the claim marks the task's email as sending; once an SMTP server
 *       accepts the message the marker says sent and no later delivery sends it. When no server
 *       accepted it the claim is released and the task fails, so its retry sends. A worker that
 *       dies during the SMTP exchange leaves "sending", and the redelivery sends again.
 *   <li>The Message-ID comes from the task id ({@link #messageId}), so a message sent twice (the
 *       worker died after the server accepted it, before "sent") is one message to the mailbox,
 *       which collapses repeats of a Message-ID.
 * </ol>
 *
 * Nothing of the lead goes into the mail raw ({@link MailText}): an address that breaks the email
 * rules fails the task at once, controls and invisibles in the subject and body are cleaned.
 */
public final class EmailSendHandler implements TaskHandler {

  static final String SKIPPED_METRIC = "ao_email_followups_skipped_total";

  private final LeadRecords leads;
  private final LeadKeys keys;
  private final Redis redis;
  private final MailClient mail;
  private final EmailTemplates templates;
  private final String from;
  private final boolean configured;
  private final FollowUpWindow window;
  private final MeterRegistry meters;

  /** {@code followupWindow}: zero sends every task's email (no window). */
  public EmailSendHandler(
      LeadRecords leads,
      LeadKeys keys,
      Redis redis,
      MailClient mail,
      EmailTemplates templates,
      String from,
      boolean configured,
      Duration followupWindow,
      MeterRegistry meters) {
    this.leads = leads;
    this.keys = keys;
    this.redis = redis;
    this.mail = mail;
    this.templates = templates;
    this.from = from;
    this.configured = configured;
    this.window = new FollowUpWindow(redis, keys.queue(), followupWindow);
    this.meters = meters;
  }

  @Override
  public String type() {
    return TaskTypes.EMAIL_SEND;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    String leadId = task.payload().getString("lead_id");
    String templateName = task.payload().getString("template", "follow_up");
    return leads
        .get(leadId)
        .compose(
            lead -> {
              if (lead == null) {
                return Future.succeededFuture(new JsonObject().put("skipped", "lead deleted"));
              }
              if (!configured) {
                return Future.succeededFuture(
                    new JsonObject().put("skipped", "email.smtp.host is not set"));
              }
              return templates
                  .render(templateName, lead)
                  .compose(
                      found -> {
                        EmailTemplates.Rendered rendered =
                            found.orElseThrow(
                                () ->
                                    new PermanentTaskFailure(
                                        "no email template '"
                                            + templateName
                                            + "' (GET /api/email/templates)"));
                        String to = MailText.recipient(lead.getString("email"));
                        return window
                            .claim(leadId, templateName, task.taskId())
                            .compose(
                                claim ->
                                    afterClaim(claim, task, leadId, to, templateName, rendered));
                      });
            });
  }

  private Future<JsonObject> afterClaim(
      FollowUpWindow.Claim claim,
      TaskContext task,
      String leadId,
      String to,
      String templateName,
      EmailTemplates.Rendered rendered) {
    if (claim instanceof FollowUpWindow.Claim.WindowHeld held) {
      return Future.succeededFuture(skippedInWindow(templateName, held.holder()));
    }
    if (claim instanceof FollowUpWindow.Claim.AlreadySent) {
      return Future.succeededFuture(
          new JsonObject()
              .put("skipped", "an earlier delivery of this task had its email accepted")
              .put("message_id", messageId(task.taskId(), from)));
    }
    return send(task, leadId, to, templateName, rendered);
  }

  /**
   * The Message-ID of a task's email: the same for every delivery of the task, so a repeat is the
   * same message to the recipient's mailbox. The domain is the sender's.
   */
  static String messageId(String taskId, String from) {
    String address = from.replaceAll(".*<|>.*", "");
    int at = address.lastIndexOf('@');
    String domain = at >= 0 && at < address.length() - 1 ? address.substring(at + 1) : "ao.local";
    return "<task-" + MailText.line(taskId) + "@" + MailText.line(domain) + ">";
  }

  private JsonObject skippedInWindow(String templateName, String holder) {
    Counter.builder(SKIPPED_METRIC)
        .description(
            "Emails not sent: the lead had that template within email.followup_window_hours")
        .tag("template", templateName)
        .register(meters)
        .increment();
    return new JsonObject()
        .put("skipped", "already sent within window")
        .put("template", templateName)
        .put("window_hours", window.window().toMillis() / 3_600_000.0)
        .put("sent_by_task", holder);
  }

  private Future<JsonObject> send(
      TaskContext task,
      String leadId,
      String to,
      String templateName,
      EmailTemplates.Rendered rendered) {
    String messageId = messageId(task.taskId(), from);
    MailMessage message =
        new MailMessage()
            .setFrom(from)
            .setTo(to)
            .setSubject(rendered.subject())
            .setText(rendered.text());
    message.setHeaders(
        MultiMap.caseInsensitiveMultiMap()
            .add("Message-ID", messageId)
            .add("X-Task-Id", MailText.line(task.taskId())));
    return mail.sendMail(message)
        .recover(
            notAccepted ->
                // nothing left: give the claim back so the retry sends, then fail the delivery
                window
                    .release(leadId, templateName, task.taskId())
                    .transform(released -> Future.failedFuture(notAccepted)))
        .compose(
            accepted ->
                window
                    .sent(task.taskId())
                    .map(
                        recorded ->
                            new JsonObject()
                                .put("to", to)
                                .put("template", templateName)
                                .put("message_id", messageId)));
  }
}
