package io.ao.api.leads;

import io.ao.shared.leads.LeadHash;
import io.ao.shared.leads.LeadValidator;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** How a lead document is shaped: a new one, a replacement, its client fields, a page of them. */
final class LeadDocuments {

  private LeadDocuments() {}

  static JsonObject newLead(String id, JsonObject fields, long now) {
    JsonObject doc = withDefaults(fields.copy());
    doc.put("email", doc.getString("email").trim());
    return doc.put("id", id).put("created_at", now).put("updated_at", now);
  }

  /** A new lead's system fields: not scored, not in the CRM, its sync pending. */
  static JsonObject newSystemFields() {
    return new JsonObject()
        .put(LeadHash.SCORE, null)
        .put(LeadHash.CRM_ID, null)
        .put(LeadHash.CRM_SYNC_STATE, "pending")
        .put(LeadHash.CRM_SYNCED_AT, null);
  }

  /**
   * The new client fields over the server fields of the current document (id, created_at; the
   * system's fields are not in the document, see {@link LeadHash}).
   */
  static JsonObject replaced(JsonObject current, JsonObject fields, long now) {
    JsonObject doc = withDefaults(fields.copy());
    doc.put("email", doc.getString("email").trim());
    for (String serverField : LeadValidator.READ_ONLY) {
      if (current.containsKey(serverField)) {
        doc.put(serverField, current.getValue(serverField));
      }
    }
    return doc.put("updated_at", now);
  }

  /**
   * In a full lead (POST, PUT, a workflow's inline lead) a null field is the field left out, as the
   * validator reads it; stored as null it would come back as a null status, source or name, which
   * the Lead schema does not allow.
   */
  static JsonObject withoutNulls(JsonObject body) {
    JsonObject copy = body.copy();
    body.fieldNames().stream()
        .filter(name -> body.getValue(name) == null)
        .toList()
        .forEach(copy::remove);
    return copy;
  }

  /** The fields a client may change: what a merge patch applies to. */
  static JsonObject clientFields(JsonObject doc) {
    JsonObject fields = doc.copy();
    LeadValidator.READ_ONLY.forEach(fields::remove);
    return fields;
  }

  /** {"items": [...], "next_cursor": ...} from the items' JSON texts, without parsing them. */
  static String page(List<String> items, String nextCursor) {
    StringBuilder page = new StringBuilder(64 + items.size() * 400).append("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      page.append(i == 0 ? "" : ",").append(items.get(i));
    }
    return page.append("],\"next_cursor\":").append(Json.encode(nextCursor)).append('}').toString();
  }

  private static JsonObject withDefaults(JsonObject doc) {
    if (!doc.containsKey("status")) {
      doc.put("status", "new");
    }
    if (!doc.containsKey("source")) {
      doc.put("source", "api");
    }
    if (!doc.containsKey("tags")) {
      doc.put("tags", new JsonArray());
    }
    if (!doc.containsKey("custom_fields")) {
      doc.put("custom_fields", new JsonObject());
    }
    return doc;
  }
}
