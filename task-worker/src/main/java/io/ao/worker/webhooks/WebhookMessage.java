package io.ao.worker.webhooks;

import io.ao.shared.webhooks.WebhookEvents;
import io.ao.worker.handlers.TaskContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What one webhook task sends: the subscription, the {@code webhook-id} (the same on every attempt,
 * so receivers deduplicate by it) and the body {@code {"type", "timestamp", "data"}}.
 *
 * <p>An event's task (enqueued by lib.lua's {@code webhook_emit}) carries its event id, event, time
 * and data. A workflow's webhook step carries the step's parameters; its id is the task id, its
 * event {@code workflow.step}.
 */
record WebhookMessage(String subscription, String id, String event, Buffer body) {

  /** {@code payload}: the task's as stored now (a deleted lead's events are cut to its id). */
  static WebhookMessage of(TaskContext task, JsonObject payload) {
    String subscription = payload.getString("subscription", "");
    if (payload.containsKey("event_id")) {
      return new WebhookMessage(
          subscription,
          payload.getString("event_id"),
          payload.getString("event"),
          body(
              payload.getString("event"),
              payload.getLong("occurred_at", 0L),
              payload.getJsonObject("data", new JsonObject())));
    }
    JsonObject data =
        new JsonObject()
            .put("run_id", task.envelope().workflowId())
            .put("workflow", payload.getString("workflow"))
            .put("step", task.envelope().step())
            .put("lead_id", payload.getString("lead_id"));
    return new WebhookMessage(
        subscription,
        task.taskId(),
        WebhookEvents.WORKFLOW_STEP,
        body(WebhookEvents.WORKFLOW_STEP, task.envelope().enqueuedAt(), data));
  }

  private static Buffer body(String event, long atMs, JsonObject data) {
    return new JsonObject()
        .put("type", event)
        .put("timestamp", Instant.ofEpochMilli(atMs).toString())
        .put("data", data)
        .toBuffer();
  }
}
