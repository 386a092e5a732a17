package io.ao.worker.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LeadScorerTest {

  @Test
  void rulesAddUpAndTheScoreIsClamped() {
    JsonArray rules =
        new JsonArray()
            .add(new JsonObject().put("field", "company").put("when", "present").put("points", 20))
            .add(
                new JsonObject()
                    .put("field", "source")
                    .put("when", "equals")
                    .put("value", "referral")
                    .put("points", 30))
            .add(
                new JsonObject()
                    .put("field", "email")
                    .put("when", "domain_not_in")
                    .put("value", new JsonArray().add("gmail.com"))
                    .put("points", 60));
    LeadScorer scorer = new LeadScorer(rules);
    assertThat(scorer.score(new JsonObject().put("email", "a@gmail.com"))).isZero();
    assertThat(scorer.score(new JsonObject().put("email", "a@corp.com").put("company", "Corp")))
        .isEqualTo(80);
    assertThat(
            scorer.score(
                new JsonObject()
                    .put("email", "a@corp.com")
                    .put("company", "Corp")
                    .put("source", "referral")))
        .isEqualTo(100);
    assertThat(scorer.score(new JsonObject().put("company", "  "))).isZero();
  }

  @Test
  void anUnknownRuleKindIsRefused() {
    assertThatThrownBy(
            () ->
                new LeadScorer(
                    new JsonArray().add(new JsonObject().put("field", "x").put("when", "maybe"))))
        .hasMessageContaining("scoring.rules[0].when");
  }
}
