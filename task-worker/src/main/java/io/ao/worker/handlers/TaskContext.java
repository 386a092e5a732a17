package io.ao.worker.handlers;

import io.ao.shared.queue.TaskEnvelope;
import io.vertx.core.json.JsonObject;

/** What a handler knows about the delivery it runs: the task and which attempt this is. */
public record TaskContext(TaskEnvelope envelope, int attempt, int maxAttempts, String workerId) {

  public String taskId() {
    return envelope.id();
  }

  public String type() {
    return envelope.type();
  }

  public JsonObject payload() {
    return envelope.payload();
  }
}
