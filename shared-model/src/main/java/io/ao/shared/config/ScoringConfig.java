package io.ao.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The worker's lead scoring ({@code scoring} section): each rule an object of {@code field}, {@code
 * when}, {@code value} and {@code points}, interpreted by the worker's LeadScorer
 * (task-worker/src/main/java/io/ao/worker/leads/LeadScorer.java).
 */
public record ScoringConfig(JsonArray rules) {

  public ScoringConfig {
    rules = rules.copy();
  }

  static ScoringConfig read(ConfigReader config) {
    JsonArray rules = config.list("scoring.rules");
    for (int i = 0; i < rules.size(); i++) {
      config.check(
          rules.getValue(i) instanceof JsonObject,
          "scoring.rules[" + i + "]",
          "a rule object, got " + ConfigReader.echo(rules.getValue(i)));
    }
    return new ScoringConfig(rules);
  }

  /** A copy: the record's stays as configured. */
  @Override
  public JsonArray rules() {
    return rules.copy();
  }
}
