package io.ao.worker.handlers;

import io.ao.shared.queue.TaskTypes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A wait's wake task: due when the wait ends, the wait_for times out, or a lead write resumed the
 * wait_for. It has nothing to do itself; its success is what moves the run on (see
 * workflows.RunAdvancer).
 */
public final class WakeHandler implements TaskHandler {

  @Override
  public String type() {
    return TaskTypes.WORKFLOW_WAKE;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    return Future.succeededFuture(new JsonObject());
  }
}
