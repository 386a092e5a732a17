package io.ao.worker.email;

import io.ao.shared.email.EmailTemplateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The email step's templates: subject and text with {{field}} placeholders. With a store, the one
 * sent is read from the templates the API manages ({@code PUT /api/email/templates/{name}}) at send
 * time, so a PUT applies to the next email; {@code email.templates} of the configuration answers
 * only for a name the store does not hold (before the seeding at start reached Redis).
 */
public final class EmailTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

  public record Rendered(String subject, String text) {}

  private final EmailTemplateStore store;
  private final JsonObject configured;

  /** Templates read from {@code store}, then from {@code configured} ({@code email.templates}). */
  public EmailTemplates(EmailTemplateStore store, JsonObject configured) {
    this.store = store;
    this.configured = configured;
  }

  /** Only the configured templates (no store). */
  public EmailTemplates(JsonObject configured) {
    this(null, configured);
  }

  /** The template rendered with the lead's fields; empty when there is none of that name. */
  public Future<Optional<Rendered>> render(String name, JsonObject lead) {
    Future<JsonObject> stored = store == null ? Future.succeededFuture() : store.get(name);
    return stored.map(
        template -> {
          JsonObject chosen = template != null ? template : configured.getJsonObject(name);
          return chosen == null ? Optional.empty() : Optional.of(fill(chosen, lead));
        });
  }

  private static Rendered fill(JsonObject template, JsonObject lead) {
    // Subjects are one line: a CR or LF from a lead's field must not start a new header, nor a
    // NUL or ESC reach the mail server or a mail reader's terminal (MailText).
    String subject = MailText.line(fill(template.getString("subject", ""), lead));
    return new Rendered(subject, MailText.body(fill(template.getString("text", ""), lead)));
  }

  static String fill(String text, JsonObject lead) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = lead.getValue(matcher.group(1));
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
