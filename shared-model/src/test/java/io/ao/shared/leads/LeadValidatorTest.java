package io.ao.shared.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadValidatorTest {

  private static List<String> fieldsRefused(JsonObject lead) {
    return LeadValidator.validateFull(lead.put("email", lead.getString("email", "a@example.com")))
        .stream()
        .map(FieldProblem::field)
        .toList();
  }

  @Test
  void namesThatAnEmailHeaderMayQuoteRefuseControlsSeparatorsAndInvisibles() {
    assertThat(fieldsRefused(new JsonObject().put("first_name", "Ada\r\nBcc: x@example.com")))
        .containsExactly("first_name");
    assertThat(fieldsRefused(new JsonObject().put("last_name", "Love\u0000lace")))
        .containsExactly("last_name");
    assertThat(fieldsRefused(new JsonObject().put("company", "\u202eemca")))
        .containsExactly("company");
    assertThat(fieldsRefused(new JsonObject().put("title", "CEO\u200b"))).containsExactly("title");
  }

  @Test
  void joinersThatScriptsNeedAndLineBreaksInNotesPass() {
    assertThat(
            fieldsRefused(
                new JsonObject()
                    .put("first_name", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")))
        .as("ZWNJ in Persian")
        .isEmpty();
    assertThat(fieldsRefused(new JsonObject().put("notes", "line one\r\n\tline two"))).isEmpty();
    assertThat(fieldsRefused(new JsonObject().put("notes", "bell\u0007"))).containsExactly("notes");
  }

  @Test
  void anEmailWithAZeroWidthSpaceNamesTheEmailField() {
    assertThat(LeadValidator.validatePatch(new JsonObject().put("email", "ada\u200b@example.com")))
        .extracting(FieldProblem::field)
        .containsExactly("email");
  }
}
