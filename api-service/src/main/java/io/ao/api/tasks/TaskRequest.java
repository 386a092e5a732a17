package io.ao.api.tasks;

import io.ao.api.http.JsonFields;
import io.ao.shared.queue.TaskIds;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * A validated POST /api/tasks body: {@code type} (required, an accepted type), {@code payload}
 * (object), {@code queue}, {@code max_attempts} (1-10), {@code id}. Every problem is reported at
 * once, each naming its field.
 */
public record TaskRequest(
    String id, String type, JsonObject payload, String queue, Integer maxAttempts) {

  private static final Set<String> FIELDS =
      Set.of("id", "type", "payload", "queue", "max_attempts");
  private static final int MAX_ATTEMPTS_LIMIT = 10;

  public static TaskRequest from(JsonObject body, List<String> acceptedTypes) {
    JsonFields fields = new JsonFields(body, FIELDS);

    String type = null;
    Object rawType = body.getValue("type");
    if (rawType == null) {
      fields.fail("type", "is required");
    } else if (!(rawType instanceof String text)) {
      fields.fail("type", "expected a string");
    } else if (!acceptedTypes.contains(text)) {
      fields.fail("type", "unknown task type; accepted: " + acceptedTypes);
    } else {
      type = text;
    }

    JsonObject payload = new JsonObject();
    Object rawPayload = body.getValue("payload");
    if (rawPayload != null && !(rawPayload instanceof JsonObject)) {
      fields.fail("payload", "expected a JSON object");
    } else if (rawPayload != null) {
      payload = (JsonObject) rawPayload;
    }

    String queue = null;
    Object rawQueue = body.getValue("queue");
    if (rawQueue != null && !(rawQueue instanceof String)) {
      fields.fail("queue", "expected a string");
    } else {
      queue = (String) rawQueue;
    }

    Integer maxAttempts = null;
    Object rawMax = body.getValue("max_attempts");
    if (rawMax != null) {
      if (!(rawMax instanceof Integer || rawMax instanceof Long)
          || ((Number) rawMax).longValue() < 1
          || ((Number) rawMax).longValue() > MAX_ATTEMPTS_LIMIT) {
        fields.fail("max_attempts", "expected an integer between 1 and " + MAX_ATTEMPTS_LIMIT);
      } else {
        maxAttempts = ((Number) rawMax).intValue();
      }
    }

    String id = null;
    Object rawId = body.getValue("id");
    if (rawId != null) {
      if (!(rawId instanceof String text) || !TaskIds.isValid(text)) {
        fields.fail("id", "expected 1-128 characters of [A-Za-z0-9_-]");
      } else if (text.indexOf('.') >= 0) {
        // the system's own task ids (a lead's sync chain and CRM delete, workflow steps) all
        // hold a '.', so a client's id can never take one over: enqueue is idempotent by id,
        // and "<lead>.crm.delete" from a client would stand in for the lead's CRM erase
        fields.fail("id", "may not contain '.': ids with a '.' are the system's own");
      } else {
        id = text;
      }
    }

    fields.validate();
    return new TaskRequest(id, type, payload, queue, maxAttempts);
  }
}
