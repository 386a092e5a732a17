package io.ao.shared.workflows.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionInputTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lead(ExpressionInput input) {
    return (Map<String, Object>) input.variables().get("lead");
  }

  @Test
  void fillsEverySchemaFieldTheDocumentLacks() {
    Map<String, Object> lead =
        lead(ExpressionInput.ofLead(new JsonObject().put("email", "a@b.co")));
    assertThat(lead).containsKeys(LeadVariables.FIELDS.keySet().toArray(String[]::new));
    assertThat(lead.get("email")).isEqualTo("a@b.co");
    assertThat(lead.get("score")).isEqualTo(NullValue.NULL_VALUE);
    assertThat(lead.get("tags")).isEqualTo(List.of());
    assertThat(lead.get("custom_fields")).isEqualTo(Map.of());
  }

  @Test
  void leadFieldsAreTheApiSchema() {
    assertThat(LeadVariables.FIELDS.keySet())
        .containsExactlyInAnyOrder(
            "id",
            "email",
            "first_name",
            "last_name",
            "phone",
            "company",
            "title",
            "source",
            "campaign_id",
            "status",
            "tags",
            "custom_fields",
            "notes",
            "score",
            "crm_id",
            "crm_sync_state",
            "crm_synced_at",
            "version",
            "created_at",
            "updated_at");
  }

  @Test
  void numbersBecomeLongWhenIntegralAndDoubleOtherwise() {
    JsonObject custom =
        new JsonObject()
            .put("i", 7)
            .put("l", 7_000_000_000L)
            .put("d", 7.0)
            .put("f", 2.5f)
            .put("half", 0.5)
            .put("big", new BigDecimal("12.000"))
            .put("bigint", BigInteger.TEN)
            .put("nested", new JsonObject().put("list", new JsonArray().add(1).add(1.5).addNull()));
    @SuppressWarnings("unchecked")
    Map<String, Object> fields =
        (Map<String, Object>)
            lead(ExpressionInput.ofLead(new JsonObject().put("custom_fields", custom)))
                .get("custom_fields");
    assertThat(fields.get("i")).isEqualTo(7L);
    assertThat(fields.get("l")).isEqualTo(7_000_000_000L);
    assertThat(fields.get("d")).isEqualTo(7L);
    assertThat(fields.get("f")).isEqualTo(2.5);
    assertThat(fields.get("half")).isEqualTo(0.5);
    assertThat(fields.get("big")).isEqualTo(12L);
    assertThat(fields.get("bigint")).isEqualTo(10L);
    assertThat(fields.get("nested"))
        .isEqualTo(Map.of("list", List.of(1L, 1.5, NullValue.NULL_VALUE)));
  }

  @Test
  void stepsGetStatusAndOutputWhenAbsent() throws Exception {
    ExpressionInput input =
        ExpressionInput.of(
            new JsonObject(),
            new JsonObject()
                .put("a", new JsonObject())
                .put("b", new JsonObject().put("status", "failed")));
    assertThat(Expression.compile("steps.a.status == null && steps.a.output == null").test(input))
        .isTrue();
    assertThat(Expression.compile("steps.b.status == 'failed'").test(input)).isTrue();
  }
}
