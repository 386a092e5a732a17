package io.ao.shared.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * One delivery of a task as it travels on the stream (written by lib.lua's deliver). {@code
 * entryId} is the stream entry; {@code attempt} counts deliveries made by the queue.
 */
public record TaskEnvelope(
    String entryId,
    String id,
    String type,
    JsonObject payload,
    int attempt,
    int maxAttempts,
    long enqueuedAt,
    String requestId,
    String workflowId,
    String step) {

  /** Reads the flat field/value array of a stream entry. */
  public static TaskEnvelope fromStreamEntry(String entryId, Response fields) {
    String id = "";
    String type = "";
    String payload = "{}";
    int attempt = 1;
    int maxAttempts = 1;
    long enqueuedAt = 0;
    String requestId = "";
    String workflowId = "";
    String step = "";
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      String value = fields.get(i + 1).toString();
      switch (fields.get(i).toString()) {
        case "id" -> id = value;
        case "type" -> type = value;
        case "payload" -> payload = value;
        case "attempt" -> attempt = Integer.parseInt(value);
        case "max_attempts" -> maxAttempts = Integer.parseInt(value);
        case "enqueued_at" -> enqueuedAt = Long.parseLong(value);
        case "request_id" -> requestId = value;
        case "workflow_id" -> workflowId = value;
        case "step" -> step = value;
        default -> {
          /* fields added by later versions are ignored */
        }
      }
    }
    return new TaskEnvelope(
        entryId,
        id,
        type,
        new JsonObject(payload),
        attempt,
        maxAttempts,
        enqueuedAt,
        requestId,
        workflowId,
        step);
  }
}
