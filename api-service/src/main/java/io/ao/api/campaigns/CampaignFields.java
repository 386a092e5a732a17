package io.ao.api.campaigns;

import io.ao.api.http.JsonFields;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules of a campaign's client fields, for create, full replacement (PUT) and merge patches
 * alike: name and channel required, lengths, enums, unknown fields refused, server fields
 * read-only. One 422 names every field that is wrong.
 */
final class CampaignFields {

  static final Set<String> WRITABLE = Set.of("name", "channel", "status", "description");

  /** Written by the server only. */
  static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "version");

  private static final Pattern CHANNEL = Pattern.compile("email|sms|social|web|event|other");
  private static final String CHANNELS = "one of email, sms, social, web, event, other";
  private static final Pattern STATUS = Pattern.compile("draft|active|paused|completed");
  private static final String STATUSES = "one of draft, active, paused, completed";

  private CampaignFields() {}

  /**
   * A complete campaign (POST, PUT): its client fields, a status left out (or null) being draft and
   * a description left out being null; 422 when any rule is broken.
   */
  static JsonObject complete(JsonObject body) {
    JsonFields fields = fieldsOf(body);
    String name = fields.string("name", true, 1, 200);
    String channel = fields.matching("channel", true, CHANNEL, CHANNELS);
    String status = fields.matching("status", false, STATUS, STATUSES);
    String description = fields.string("description", false, 0, 2_000);
    fields.validate();
    return new JsonObject()
        .put("name", name)
        .put("channel", channel)
        .put("status", status == null ? "draft" : status)
        .put("description", description);
  }

  /**
   * A JSON Merge Patch (RFC 7396): the fields it names are checked; null removes a field (status
   * then goes back to draft), but name and channel cannot be removed.
   */
  static void checkPatch(JsonObject patch) {
    JsonFields fields = fieldsOf(patch);
    for (String required : new String[] {"name", "channel"}) {
      if (patch.containsKey(required) && patch.getValue(required) == null) {
        fields.fail(required, "is required and cannot be removed");
      }
    }
    fields.string("name", false, 1, 200);
    fields.matching("channel", false, CHANNEL, CHANNELS);
    fields.matching("status", false, STATUS, STATUSES);
    fields.string("description", false, 0, 2_000);
    fields.validate();
  }

  /** The document's client fields: what a merge patch applies to. */
  static JsonObject clientFieldsOf(JsonObject doc) {
    JsonObject fields = doc.copy();
    READ_ONLY.forEach(fields::remove);
    return fields;
  }

  /** Unknown fields refused as such, server fields as read-only; the rest read by the caller. */
  private static JsonFields fieldsOf(JsonObject body) {
    JsonObject writable = body.copy();
    READ_ONLY.forEach(writable::remove);
    JsonFields fields = new JsonFields(writable, WRITABLE);
    new TreeSet<>(body.fieldNames())
        .stream()
            .filter(READ_ONLY::contains)
            .forEach(name -> fields.fail(name, "is set by the server and cannot be written"));
    return fields;
  }
}
