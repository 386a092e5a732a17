package io.ao.worker.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Runs one type of task. Delivery is at least once, so a handler must be idempotent: {@link
 * TaskContext#taskId()} is the key for side effects (CRM idempotency, email). Fail with {@link
 * PermanentTaskFailure} for errors no retry can fix; any other failure is retried with backoff
 * until the attempts are used up.
 */
public interface TaskHandler {

  String type();

  /** Completes with the task's result (stored on its status hash) or fails. */
  Future<JsonObject> handle(TaskContext task);
}
