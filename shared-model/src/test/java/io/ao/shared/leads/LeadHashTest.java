package io.ao.shared.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The stored text goes out with the system fields and version spliced in: it must equal what
 * parsing and re-encoding writes.
 */
class LeadHashTest {

  private static final JsonObject SYSTEM =
      new JsonObject()
          .put("score", 35)
          .put("crm_id", "crm \"7\"")
          .put("crm_sync_state", "synced")
          .put("crm_synced_at", 1_796_194_506_637L);

  @Test
  void theSplicedTextIsWhatParsingAndReEncodingWouldWrite() {
    String stored =
        new JsonObject()
            .put("email", "ada@example.com")
            .put("tags", new JsonArray().add("x"))
            .put("custom_fields", new JsonObject().put("note", "a } in a string"))
            .encode();

    String spliced = LeadHash.representationText(stored, SYSTEM, 7);

    assertThat(spliced)
        .isEqualTo(LeadHash.representation(new JsonObject(stored), SYSTEM, 7).encode());
    assertThat(new JsonObject(spliced).getLong("version")).isEqualTo(7L);
    assertThat(new JsonObject(spliced).getString("crm_id")).isEqualTo("crm \"7\"");
  }

  @Test
  void absentSystemFieldsGoOutAsNullAndStoredTextWithWhitespaceStillGivesOneDocument() {
    JsonObject none =
        new JsonObject()
            .put("score", null)
            .put("crm_id", null)
            .put("crm_sync_state", "pending")
            .put("crm_synced_at", null);

    String spliced = LeadHash.representationText("  {\"email\":\"a@b.co\"}\n", none, 2);

    assertThat(new JsonObject(spliced))
        .isEqualTo(
            new JsonObject()
                .put("email", "a@b.co")
                .put("score", null)
                .put("crm_id", null)
                .put("crm_sync_state", "pending")
                .put("crm_synced_at", null)
                .put("version", 2L));
    assertThat(new JsonObject(LeadHash.representationText("{}", none, 1)).size()).isEqualTo(5);
  }
}
