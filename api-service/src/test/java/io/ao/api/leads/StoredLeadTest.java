package io.ao.api.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The stored text goes out with its version spliced in: it must equal what parsing and re-encoding
 * writes.
 */
class StoredLeadTest {

  @Test
  void theSplicedVersionIsWhatParsingAndReEncodingWouldWrite() {
    String stored =
        new JsonObject()
            .put("email", "ada@example.com")
            .put("tags", new JsonArray().add("x"))
            .put("custom_fields", new JsonObject().put("note", "a } in a string"))
            .put("score", 35)
            .encode();
    LeadStore.StoredLead lead = new LeadStore.StoredLead(stored, 7);

    assertThat(lead.jsonWithVersion())
        .isEqualTo(new JsonObject(stored).put("version", 7L).encode());
    assertThat(new JsonObject(lead.jsonWithVersion()).getLong("version")).isEqualTo(7L);
  }

  @Test
  void storedTextWithSurroundingWhitespaceStillGivesOneValidDocument() {
    LeadStore.StoredLead lead = new LeadStore.StoredLead("  {\"email\":\"a@b.co\"}\n", 2);

    assertThat(new JsonObject(lead.jsonWithVersion()))
        .isEqualTo(new JsonObject().put("email", "a@b.co").put("version", 2L));
  }
}
