package io.ao.shared.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LeadNormalizerTest {

  private static final LeadNormalizer US = new LeadNormalizer("US");

  @Test
  void namesSpacesEmailDomainsAndPhonesAreTidied() {
    JsonObject out =
        US.normalize(
            new JsonObject()
                .put("first_name", "  jean-luc ")
                .put("last_name", "O'NEIL")
                .put("company", " Acme   Corp ")
                .put("email", " Someone@EXAMPLE.Com ")
                .put("phone", "0044 (20) 7946-0958"));
    assertThat(out.getString("first_name")).isEqualTo("Jean-Luc");
    assertThat(out.getString("last_name")).isEqualTo("O'Neil");
    assertThat(out.getString("company")).isEqualTo("Acme Corp");
    assertThat(out.getString("email")).isEqualTo("Someone@example.com");
    assertThat(out.getString("phone")).isEqualTo("+442079460958");
  }

  @Test
  void mixedCaseNamesAndANumberOfNoPlanAreLeftAsTyped() {
    JsonObject out =
        US.normalize(new JsonObject().put("first_name", "McKenzie").put("phone", "(055) 010-9999"));
    assertThat(out.getString("first_name")).isEqualTo("McKenzie");
    assertThat(out.getString("phone")).isEqualTo("(055) 010-9999");
    assertThat(US.phone(" -)7 ")).as("still the schema's pattern").isEqualTo("-)7");
  }

  @Test
  void aNationalNumberIsReadInTheDefaultRegionsPlan() {
    assertThat(US.phone("(415) 555-0100")).isEqualTo("+14155550100");
    assertThat(US.phone("+1 (212) 555-0199")).isEqualTo("+12125550199");
    assertThat(new LeadNormalizer("GB").phone("020 7946 0958")).isEqualTo("+442079460958");
    assertThat(new LeadNormalizer("DE").phone("030 901820")).isEqualTo("+4930901820");
  }

  @Test
  void normalizingTwiceChangesNothing() {
    JsonObject once =
        US.normalize(new JsonObject().put("first_name", "ADA").put("phone", "+1 415 555 0100"));
    assertThat(US.normalize(once)).isEqualTo(once);
  }
}
