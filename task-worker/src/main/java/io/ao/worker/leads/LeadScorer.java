package io.ao.worker.leads;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores a lead 0-100 by the configured rules (config {@code scoring.rules}); each rule adds its
 * points when its field is present, equals a value, or (for emails) has a domain outside a list of
 * free-mail domains.
 */
public final class LeadScorer {

  private record Rule(String field, String when, Object value, int points) {}

  private final List<Rule> rules = new ArrayList<>();

  public LeadScorer(JsonArray configuredRules) {
    for (int i = 0; i < configuredRules.size(); i++) {
      JsonObject rule = configuredRules.getJsonObject(i);
      String when = rule.getString("when", "present");
      if (!List.of("present", "equals", "domain_not_in").contains(when)) {
        throw new IllegalArgumentException(
            "scoring.rules[" + i + "].when: expected present, equals or domain_not_in");
      }
      rules.add(
          new Rule(
              rule.getString("field"), when, rule.getValue("value"), rule.getInteger("points", 0)));
    }
  }

  public int score(JsonObject lead) {
    int total = 0;
    for (Rule rule : rules) {
      Object value = lead.getValue(rule.field());
      boolean matches =
          switch (rule.when()) {
            case "present" -> value instanceof String text ? !text.isBlank() : value != null;
            case "equals" -> value != null && value.equals(rule.value());
            default ->
                value instanceof String email
                    && email.contains("@")
                    && rule.value() instanceof JsonArray domains
                    && !domains.contains(
                        email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
          };
      if (matches) {
        total += rule.points();
      }
    }
    return Math.max(0, Math.min(100, total));
  }
}
