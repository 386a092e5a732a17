package io.ao.shared.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The worker's follow-up mail ({@code email} section).
 *
 * @param from the sender, e.g. {@code Team <noreply@example.com>}
 * @param followupWindowHours each template is sent at most once per lead in this many hours; 0 = no
 *     limit
 */
public record EmailConfig(
    SmtpConfig smtp, String from, JsonObject templates, int followupWindowHours) {

  /** A year: longer is a permanent block, which a template's removal expresses better. */
  static final int MAX_FOLLOWUP_WINDOW_HOURS = 8_760;

  public EmailConfig {
    templates = templates.copy();
  }

  static EmailConfig read(ConfigReader config) {
    return new EmailConfig(
        SmtpConfig.read(config),
        config.string("email.from"),
        templates(config),
        config.requiredInt("email.followup_window_hours", 0, MAX_FOLLOWUP_WINDOW_HOURS));
  }

  /** Each template an object of {@code subject} and {@code text}, with {{field}} placeholders. */
  private static JsonObject templates(ConfigReader config) {
    JsonObject templates = config.object("email.templates");
    templates.forEach(
        entry ->
            config.check(
                entry.getValue() instanceof JsonObject template
                    && template.getValue("subject", "") instanceof String
                    && template.getValue("text", "") instanceof String,
                "email.templates." + entry.getKey(),
                "an object of subject and text, got " + ConfigValues.echo(entry.getValue())));
    return templates;
  }

  /** The templates by name (a copy: the record's stays as configured). */
  @Override
  public JsonObject templates() {
    return templates.copy();
  }

  /** The follow-up window; zero when there is none. */
  public Duration followupWindow() {
    return Duration.ofHours(followupWindowHours);
  }
}
