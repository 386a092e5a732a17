package io.ao.shared.leads;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * The fields of a lead's hash. {@code doc} holds what the client controls (plus id and times) and
 * {@code version} counts the client's changes: it is the ETag. The system's fields (score, CRM id,
 * sync state) live beside them as hash fields of their own, written by the worker without touching
 * {@code version}, so a client's ETag stays good while the lead is processed and synced.
 *
 * <p>Internal fields, never shown: {@code sync_chain} (the lead's latest sync chain, named after
 * the version it started at; see {@link LeadSyncChain}), {@code sync_ended} (set to it when that
 * chain ended), {@code scored_version} and {@code synced_version} (which version the score and the
 * CRM's copy were made from).
 */
public final class LeadHash {

  public static final String DOC = "doc";
  public static final String VERSION = "version";
  public static final String SCORE = "score";
  public static final String CRM_ID = "crm_id";
  public static final String CRM_SYNC_STATE = "crm_sync_state";
  public static final String CRM_SYNCED_AT = "crm_synced_at";

  /** The system fields of the representation, in the order {@link #read} asks for them. */
  public static final List<String> SYSTEM = List.of(SCORE, CRM_ID, CRM_SYNC_STATE, CRM_SYNCED_AT);

  private LeadHash() {}

  /** HMGET of what a lead's representation needs: doc, version, then {@link #SYSTEM}. */
  public static Request read(String leadKey) {
    Request read = Request.cmd(Command.HMGET).arg(leadKey).arg(DOC).arg(VERSION);
    SYSTEM.forEach(read::arg);
    return read;
  }

  /** The system fields from a {@link #read} reply (absent ones as null). */
  public static JsonObject system(Response reply) {
    Response score = reply.get(2);
    Response crmId = reply.get(3);
    Response state = reply.get(4);
    Response syncedAt = reply.get(5);
    return new JsonObject()
        .put(SCORE, score == null ? null : score.toInteger())
        .put(CRM_ID, crmId == null ? null : crmId.toString())
        .put(CRM_SYNC_STATE, state == null ? "pending" : state.toString())
        .put(CRM_SYNCED_AT, syncedAt == null ? null : syncedAt.toLong());
  }

  /** The representation of a stored lead: its document, the system fields, then its version. */
  public static JsonObject representation(JsonObject doc, JsonObject system, long version) {
    JsonObject out = doc.copy();
    system.forEach(field -> out.put(field.getKey(), field.getValue()));
    return out.put(VERSION, version);
  }

  /**
   * {@link #representation} as JSON text, spliced from the stored document's text without parsing
   * it (a page of leads was dominated by parsing and re-encoding documents). Documents never hold
   * the system fields nor version (both are read-only on input), so appending them is safe.
   */
  public static String representationText(String docJson, JsonObject system, long version) {
    String text = docJson.strip();
    if (text.length() < 2 || !text.endsWith("}")) {
      return representation(new JsonObject(docJson), system, version).encode();
    }
    StringBuilder out = new StringBuilder(text.length() + 120);
    out.append(text, 0, text.length() - 1);
    String separator = text.length() > 2 ? "," : "";
    for (String field : SYSTEM) {
      out.append(separator).append('"').append(field).append("\":");
      out.append(Json.encode(system.getValue(field)));
      separator = ",";
    }
    return out.append(",\"").append(VERSION).append("\":").append(version).append('}').toString();
  }
}
