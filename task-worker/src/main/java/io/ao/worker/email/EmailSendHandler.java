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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * email_send: renders the step's template with the lead's fields and sends it over SMTP.
 *
 * <ol>
 *   <li>The lead's follow-up window ({@link FollowUpWindow}): a template already sent to this lead
 *       by another task within {@code email.followup_window_hours} is not sent again; the task
 *       succeeds as skipped and {@code ao_email_followups_skipped_total} counts it.
 *   <li>At most once per task: a marker keyed by the task id is set (SET NX) before sending, so a
 *       redelivered task never sends a second copy. (A worker that dies between the marker and the
 *       SMTP answer leaves that email unsent; at-most-once is the promise to the recipient.)
 * </ol>
 *
 * Nothing of the lead goes into the mail raw ({@link MailText}): an address that breaks the email
 * rules fails the task at once, controls and invisibles in the subject and body are cleaned.
 */
public final class EmailSendHandler implements TaskHandler {

  private static final long MARKER_TTL_SECONDS = 30L * 86_400;
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
              EmailTemplates.Rendered rendered =
                  templates
                      .render(templateName, lead)
                      .orElseThrow(
                          () ->
                              new PermanentTaskFailure(
                                  "no email template '" + templateName + "' in email.templates"));
              String to = MailText.recipient(lead.getString("email"));
              return window
                  .claim(leadId, templateName, task.taskId())
                  .compose(
                      holder ->
                          holder.isPresent()
                              ? Future.succeededFuture(skippedInWindow(templateName, holder.get()))
                              : sendOnce(task, to, templateName, rendered));
            });
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

  private Future<JsonObject> sendOnce(
      TaskContext task, String to, String templateName, EmailTemplates.Rendered rendered) {
    String marker =
        keys.queue().prefix() + ":{" + keys.queue().queue() + "}:email-sent:" + task.taskId();
    return redis
        .send(
            Request.cmd(Command.SET)
                .arg(marker)
                .arg(System.currentTimeMillis())
                .arg("NX")
                .arg("EX")
                .arg(MARKER_TTL_SECONDS))
        .compose(
            set -> {
              if (set == null) {
                return Future.succeededFuture(
                    new JsonObject()
                        .put(
                            "skipped",
                            "an earlier delivery claimed this email (sent it, or was cut off while sending: at most once)"));
              }
              MailMessage message =
                  new MailMessage()
                      .setFrom(from)
                      .setTo(to)
                      .setSubject(rendered.subject())
                      .setText(rendered.text());
              message.setHeaders(
                  MultiMap.caseInsensitiveMultiMap()
                      .add("X-Task-Id", MailText.line(task.taskId())));
              return mail.sendMail(message)
                  .map(
                      sent ->
                          new JsonObject()
                              .put("to", to)
                              .put("template", templateName)
                              .put("message_id", sent.getMessageID()));
            });
  }
}
