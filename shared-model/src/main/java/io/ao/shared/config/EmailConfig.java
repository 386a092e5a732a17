package io.ao.shared.config;

import io.vertx.core.json.JsonObject;

/**
 * The worker's follow-up mail ({@code email} section).
 *
 * @param from the sender, e.g. {@code Team <noreply@example.com>}
 */
public record EmailConfig(SmtpConfig smtp, String from, JsonObject templates) {

  public EmailConfig {
    templates = templates.copy();
  }

  static EmailConfig read(ConfigReader config) {
    return new EmailConfig(SmtpConfig.read(config), config.string("email.from"), templates(config));
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
}
