package io.ao.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The worker's lead scoring ({@code scoring} section): each rule an object of {@code field}, {@code
 * when}, {@code value} and {@code points}, interpreted by the worker's LeadScorer
 * (task-worker/src/main/java/io/ao/worker/leads/LeadScorer.java).
 */
public record ScoringConfig(JsonArray rules) {

  private static final Set<String> WHEN = Set.of("present", "equals", "domain_not_in");

  public ScoringConfig {
    rules = rules.copy();
  }

  static ScoringConfig read(ConfigReader config) {
    JsonArray rules = config.list("scoring.rules");
    for (int i = 0; i < rules.size(); i++) {
      String path = "scoring.rules[" + i + "]";
      if (rules.getValue(i) instanceof JsonObject rule) {
        checkRule(config, path, rule);
      } else {
        config.check(false, path, "a rule object, got " + ConfigValues.echo(rules.getValue(i)));
      }
    }
    return new ScoringConfig(rules);
  }

  /** A rule names a field, a kind of match ({@code when}, default present) and its points. */
  private static void checkRule(ConfigReader config, String path, JsonObject rule) {
    config.check(
        rule.getValue("field") instanceof String field && !field.isBlank(),
        path + ".field",
        "a lead field name, got " + ConfigValues.echo(rule.getValue("field")));
    Object when = rule.getValue("when");
    config.check(
        when == null || WHEN.contains(when),
        path + ".when",
        "present, equals or domain_not_in, got " + ConfigValues.echo(when));
    Object points = rule.getValue("points");
    config.check(
        points == null || points instanceof Integer || points instanceof Long,
        path + ".points",
        "an integer, got " + ConfigValues.echo(points));
  }

  /** A copy: the record's stays as configured. */
  @Override
  public JsonArray rules() {
    return rules.copy();
  }
}
