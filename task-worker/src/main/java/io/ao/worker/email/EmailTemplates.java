package io.ao.worker.email;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email templates of the {@code email.templates} section: subject and text with {{field}}
 * placeholders.
 */
public final class EmailTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

  public record Rendered(String subject, String text) {}

  private final JsonObject templates;

  public EmailTemplates(JsonObject templates) {
    this.templates = templates;
  }

  public Optional<Rendered> render(String name, JsonObject lead) {
    JsonObject template = templates.getJsonObject(name);
    if (template == null) {
      return Optional.empty();
    }
    // Subjects are one line: a CR or LF from a lead's field must not start a new header, nor a
    // NUL or ESC reach the mail server or a mail reader's terminal (MailText).
    String subject = MailText.line(fill(template.getString("subject", ""), lead));
    return Optional.of(
        new Rendered(subject, MailText.body(fill(template.getString("text", ""), lead))));
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
