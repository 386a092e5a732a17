package io.ao.shared.queue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a producer asks to be run: the fields of a task before it has a delivery. {@code workflowId}
 * and {@code step} are empty for tasks outside a workflow.
 *
 * <p>Build one with {@link #of} or {@link #withId}, then {@link #withRequestId} and {@link
 * #inWorkflow} as needed.
 */
public record NewTask(
    String id,
    String type,
    JsonObject payload,
    int maxAttempts,
    String requestId,
    String workflowId,
    String step) {

  public NewTask {
    Objects.requireNonNull(type, "type");
    if (!TaskIds.isValid(id)) {
      throw new IllegalArgumentException("invalid task id: " + id);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    payload = payload == null ? new JsonObject() : payload;
    requestId = requestId == null ? "" : requestId;
    workflowId = workflowId == null ? "" : workflowId;
    step = step == null ? "" : step;
  }

  /** A task under a fresh random id. */
  public static NewTask of(String type, JsonObject payload, int maxAttempts) {
    return withId(TaskIds.newId(), type, payload, maxAttempts);
  }

  /** A task under an id the producer chose, which makes enqueueing it idempotent. */
  public static NewTask withId(String id, String type, JsonObject payload, int maxAttempts) {
    return new NewTask(id, type, payload, maxAttempts, "", "", "");
  }

  /** This task, tagged with the id of the request that caused it. */
  public NewTask withRequestId(String value) {
    return new NewTask(id, type, payload, maxAttempts, value, workflowId, step);
  }

  /** This task as the named step of a workflow run. */
  public NewTask inWorkflow(String runId, String stepName) {
    return new NewTask(id, type, payload, maxAttempts, requestId, runId, stepName);
  }

  /** This task as lib.lua's enqueue_all takes it: {"id": ..., "fields": [name, value, ...]}. */
  public JsonObject toScriptJson(String queue) {
    return new JsonObject().put("id", id).put("fields", new JsonArray(hashFields(queue)));
  }

  /** The status-hash fields the enqueue scripts store (see lib.lua create_and_deliver). */
  List<String> hashFields(String queue) {
    List<String> fields = new ArrayList<>(16);
    fields.add("type");
    fields.add(type);
    fields.add("queue");
    fields.add(queue);
    fields.add("payload");
    fields.add(payload.encode());
    fields.add("max_attempts");
    fields.add(Integer.toString(maxAttempts));
    fields.add("request_id");
    fields.add(requestId);
    fields.add("workflow_id");
    fields.add(workflowId);
    fields.add("step");
    fields.add(step);
    return fields;
  }
}
