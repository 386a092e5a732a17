package io.ao.shared.workflows.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExpressionTest {

  private static final JsonObject LEAD =
      new JsonObject()
          .put("id", "l_1")
          .put("email", "ada@example.com")
          .put("source", "web_form")
          .put("status", "new")
          .put("score", 60)
          .put("tags", new JsonArray().add("vip").add("eu"))
          .put("custom_fields", new JsonObject().put("budget", 12500.5).put("seats", 12))
          .put("version", 3)
          .put("created_at", 1_700_000_000_000L);

  private static final JsonObject STEPS =
      new JsonObject()
          .put(
              "process",
              new JsonObject()
                  .put("status", "succeeded")
                  .put("output", new JsonObject().put("score", 12).put("tier", "b")))
          .put("remind", new JsonObject().put("status", "pending"));

  private static boolean eval(String source, JsonObject lead) throws ExpressionFailure {
    return Expression.compile(source).test(ExpressionInput.of(lead, STEPS));
  }

  private static boolean eval(String source) throws ExpressionFailure {
    return eval(source, LEAD);
  }

  @Test
  void comparesIntFieldsWithIntAndDoubleLiterals() throws Exception {
    assertThat(eval("lead.score >= 50")).isTrue();
    assertThat(eval("lead.score >= 61")).isFalse();
    assertThat(eval("lead.score > 59.5")).isTrue();
    assertThat(eval("lead.score < 60.5")).isTrue();
    assertThat(eval("lead.score == 60")).isTrue();
  }

  @Test
  void comparesDynamicNumbersAcrossIntAndDouble() throws Exception {
    assertThat(eval("steps.process.output.score > 10.5")).isTrue();
    assertThat(eval("steps.process.output.score < 12.5")).isTrue();
    assertThat(eval("lead.custom_fields.budget > 12000")).isTrue();
    assertThat(eval("lead.custom_fields.seats == 12")).isTrue();
    assertThat(eval("lead.custom_fields.seats >= 12.0")).isTrue();
  }

  @Test
  void integralJsonDoublesAreInts() throws Exception {
    JsonObject lead = LEAD.copy().put("score", 60.0);
    assertThat(eval("lead.score == 60", lead)).isTrue();
    assertThat(eval("type(lead.custom_fields.budget) == double", lead)).isTrue();
    assertThat(eval("type(lead.custom_fields.seats) == int", lead)).isTrue();
  }

  @Test
  void absentFieldsAreNullAndAbsentCollectionsEmpty() throws Exception {
    JsonObject lead = new JsonObject().put("email", "a@example.com");
    assertThat(eval("lead.phone == null", lead)).isTrue();
    assertThat(eval("lead.score == null", lead)).isTrue();
    assertThat(eval("lead.crm_id == null && lead.crm_synced_at == null", lead)).isTrue();
    assertThat(eval("size(lead.tags) == 0", lead)).isTrue();
    assertThat(eval("!('vip' in lead.tags)", lead)).isTrue();
    assertThat(eval("lead.custom_fields == {}", lead)).isTrue();
    assertThat(eval("!has(lead.custom_fields.budget)", lead)).isTrue();
  }

  @Test
  void explicitNullsAreNullToo() throws Exception {
    JsonObject lead = LEAD.copy().putNull("phone").putNull("tags").putNull("custom_fields");
    assertThat(eval("lead.phone == null && lead.tags == [] && lead.custom_fields == {}", lead))
        .isTrue();
  }

  @Test
  void listsCustomFieldsAndStrings() throws Exception {
    assertThat(eval("'vip' in lead.tags")).isTrue();
    assertThat(eval("lead.tags.exists(t, t.startsWith('e'))")).isTrue();
    assertThat(eval("lead.tags.all(t, size(t) <= 3)")).isTrue();
    assertThat(eval("has(lead.custom_fields.budget) && !has(lead.custom_fields.other)")).isTrue();
    assertThat(eval("lead.email.endsWith('@example.com')")).isTrue();
    assertThat(eval("lead.email.split('@')[1] == 'example.com'")).isTrue();
    assertThat(eval("lead.source == 'web_form' && lead.status in ['new', 'contacted']")).isTrue();
  }

  @Test
  void stepsCarryStatusAndOutput() throws Exception {
    assertThat(eval("steps.process.status == 'succeeded'")).isTrue();
    assertThat(eval("steps['process'].output.tier == 'b'")).isTrue();
    assertThat(eval("steps.remind.output == null && steps.remind.status == 'pending'")).isTrue();
  }

  @Test
  void aNullInAComparisonIsAnEvaluationFailure() {
    JsonObject unscored = LEAD.copy().putNull("score");
    assertThatThrownBy(() -> eval("lead.score > 5", unscored))
        .isInstanceOf(ExpressionFailure.class)
        .hasMessageContaining("No matching overload")
        .hasMessageNotContaining("<input>");
  }

  @Test
  void aMissingKeyIsAnEvaluationFailure() {
    assertThatThrownBy(() -> eval("lead.custom_fields.nope == 1"))
        .isInstanceOf(ExpressionFailure.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> eval("steps.process.output.nope == 1"))
        .isInstanceOf(ExpressionFailure.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void aNonBoolResultIsAnEvaluationFailure() {
    assertThatThrownBy(() -> eval("lead.custom_fields.seats"))
        .isInstanceOf(ExpressionFailure.class)
        .hasMessage("expected a bool result, got int 12");
    assertThatThrownBy(() -> eval("steps.process.output"))
        .isInstanceOf(ExpressionFailure.class)
        .hasMessage("expected a bool result, got map");
  }

  @Test
  void aNonBoolTypeFailsToCompile() {
    assertThatThrownBy(() -> Expression.compile("lead.score"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("expected type 'bool'");
    assertThatThrownBy(() -> Expression.compile("lead.email"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("expected type 'bool'");
  }

  @Test
  void anUnknownVariableFailsToCompile() {
    assertThatThrownBy(() -> Expression.compile("leads.score > 5"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("names an unknown variable")
        .hasMessageContaining("'leads'")
        .hasMessageContaining("(at column 1)");
    assertThatThrownBy(() -> Expression.compile("request.auth == 'x'"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("names an unknown variable");
  }

  @Test
  void aMisspelledLeadFieldFailsToCompile() {
    assertThatThrownBy(() -> Expression.compile("lead.nme == 'Ada'"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessage("undefined field 'nme' (at column 5)");
  }

  @Test
  void aSyntaxErrorFailsToCompileWithAShortMessage() {
    assertThatThrownBy(() -> Expression.compile("lead.score >"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("(at column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
    assertThatThrownBy(() -> Expression.compile(" "))
        .isInstanceOf(InvalidExpressionException.class);
    assertThatThrownBy(() -> Expression.compile("true || " + "x".repeat(Expression.MAX_LENGTH)))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void aTypeMismatchFailsToCompile() {
    assertThatThrownBy(() -> Expression.compile("lead.email > 5"))
        .isInstanceOf(InvalidExpressionException.class)
        .hasMessageContaining("found no matching overload");
  }

  @Test
  void reportsTheStepsItNames() {
    Expression expression =
        Expression.compile(
            "steps.process.status == 'succeeded' && has(steps.crm.output) &&"
                + " steps['mail'].status == 'x' && lead.score > 1");
    assertThat(expression.stepReferences()).containsExactly("crm", "mail", "process");
    assertThat(expression.usesSteps()).isTrue();
    Expression leadOnly = Expression.compile("lead.score > 1");
    assertThat(leadOnly.stepReferences()).isEmpty();
    assertThat(leadOnly.usesSteps()).isFalse();
    assertThat(Expression.compile("steps.exists(k, k == 'a')").usesSteps()).isTrue();
  }

  @Test
  void equalByTheirSource() {
    assertThat(Expression.compile("lead.score > 1"))
        .isEqualTo(Expression.compile("lead.score > 1"))
        .hasSameHashCodeAs(Expression.compile("lead.score > 1"))
        .isNotEqualTo(Expression.compile("lead.score > 2"));
  }

  @Test
  void aComprehensionIsBoundedInIterations() {
    // 50 × 50 = 2,500 iterations, more than the environment allows
    String list = "[" + "1,".repeat(49) + "1]";
    assertThatThrownBy(() -> eval(list + ".all(x, " + list + ".all(y, x == y))"))
        .isInstanceOf(ExpressionFailure.class)
        .hasMessageContaining("Iteration budget exceeded");
  }

  @Test
  void evaluatesConcurrentlyFromManyThreads() throws Exception {
    Expression hot = Expression.compile("lead.score >= 50 && 'vip' in lead.tags");
    int threads = 4;
    int iterations = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  int correct = 0;
                  for (int i = 0; i < iterations; i++) {
                    int score = (i + thread) % 100;
                    JsonObject lead =
                        LEAD.copy()
                            .put("score", score)
                            .put("tags", new JsonArray().add(i % 2 == 0 ? "vip" : "other"));
                    boolean expected = score >= 50 && i % 2 == 0;
                    if (hot.test(ExpressionInput.ofLead(lead)) == expected) {
                      correct++;
                    }
                  }
                  return correct;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(iterations);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Prints the cost of one evaluation (not asserted: wall-clock figures depend on the machine). */
  @Test
  void printsTheCostOfAnEvaluation() throws Exception {
    Expression expression =
        Expression.compile(
            "lead.source == 'web_form' && lead.score >= 50 && 'vip' in lead.tags"
                + " && steps.process.output.score > 10.5");
    ExpressionInput input = ExpressionInput.of(LEAD, STEPS);
    int warmup = 20_000;
    int measured = 100_000;
    int truths = 0;
    for (int i = 0; i < warmup; i++) {
      truths += expression.test(input) ? 1 : 0;
    }
    long start = System.nanoTime();
    for (int i = 0; i < measured; i++) {
      truths += expression.test(input) ? 1 : 0;
    }
    long evalNanos = (System.nanoTime() - start) / measured;
    start = System.nanoTime();
    for (int i = 0; i < measured / 10; i++) {
      truths += ExpressionInput.of(LEAD, STEPS) != null ? 1 : 0;
    }
    long inputNanos = (System.nanoTime() - start) / (measured / 10);
    assertThat(truths).isEqualTo(warmup + measured + measured / 10);
    System.out.printf(
        "ExpressionTest: one evaluation %,d ns, one ExpressionInput.of %,d ns%n",
        evalNanos, inputNanos);
  }
}
