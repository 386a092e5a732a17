package io.ao.shared.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The look-alike and invisible-character attacks of issue 15 item 7, at the rules' level. */
class LeadEmailsTest {

  @Test
  void aCyrillicLetterInALatinDomainLabelIsRefused() {
    // "е" below is U+0435 CYRILLIC SMALL LETTER IE
    assertThat(LeadEmails.problem("ada@\u0435xample.com"))
        .hasValueSatisfying(p -> assertThat(p).contains("domain label").contains("CYRILLIC"));
    assertThat(LeadEmails.problem("\u0430da@example.com"))
        .as("the local part too")
        .hasValueSatisfying(p -> assertThat(p).contains("local part").contains("LATIN"));
  }

  @Test
  void singleScriptLabelsDigitsHyphensAndAsianMixturesPass() {
    assertThat(LeadEmails.problem("ada@example-42.com")).isEmpty();
    assertThat(LeadEmails.problem("иван@пример.рф")).as("all Cyrillic").isEmpty();
    assertThat(LeadEmails.problem("info@ドメインabc.jp")).as("Katakana with Latin").isEmpty();
    assertThat(LeadEmails.problem("josé@café.fr")).as("accents are Latin").isEmpty();
    assertThat(LeadEmails.problem("info@caf\u0065\u0301.fr"))
        .as("a combining mark is Inherited")
        .isEmpty();
    assertThat(LeadEmails.problem("info@ex\u03b1mple.com")).as("Latin with Greek").isPresent();
  }

  @Test
  void controlAndInvisibleCharactersAreRefusedByCodePoint() {
    assertThat(LeadEmails.problem("ada\u200b@example.com")).hasValue(invisible("U+200B"));
    assertThat(LeadEmails.problem("ada@example.com\u0000")).hasValue(invisible("U+0000"));
    assertThat(LeadEmails.problem("ada\u001b[31m@example.com")).hasValue(invisible("U+001B"));
    assertThat(LeadEmails.problem("\ufeffada@example.com")).hasValue(invisible("U+FEFF"));
    assertThat(LeadEmails.problem("ada@example.com\u202e")).hasValue(invisible("U+202E"));
    assertThat(LeadEmails.problem("ada@exa\u2028mple.com")).hasValue(invisible("U+2028"));
    assertThat(LeadEmails.problem("ada\r\nBcc: x@example.com")).hasValue(invisible("U+000D"));
    assertThat(LeadEmails.problem("\ud800ada@example.com")).hasValue(invisible("U+D800"));
  }

  @Test
  void fullwidthFormsAreTheSameEmailAfterNfkc() {
    String fullwidth = "\uff41\uff44\uff41@\uff25\uff58\uff41\uff4d\uff50\uff4c\uff45.com";
    assertThat(LeadEmails.problem(fullwidth)).isEmpty();
    assertThat(LeadEmails.dedupeKey(fullwidth)).isEqualTo(LeadEmails.dedupeKey("Ada@example.com"));
    assertThat(LeadEmails.dedupeKey("ada\uff20example\uff0ecom"))
        .as("a fullwidth @ and dot are an @ and a dot")
        .isEqualTo("ada@example.com");
    assertThat(new LeadNormalizer("US").normalize(new JsonObject().put("email", fullwidth)))
        .as("stored canonical")
        .isEqualTo(new JsonObject().put("email", "ada@example.com"));
  }

  @Test
  void theLengthLimitHoldsForTheStoredForm() {
    // U+FDFA is one character that NFKC writes as 18
    String expands = "a@" + "\ufdfa".repeat(14) + ".com";
    assertThat(expands.length()).isLessThan(LeadEmails.MAX_LENGTH);
    assertThat(LeadEmails.problem(expands)).hasValueSatisfying(p -> assertThat(p).contains("254"));
  }

  private static String invisible(String codePoint) {
    return "must not contain control or invisible characters, found " + codePoint;
  }
}
