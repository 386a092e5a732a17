package io.ao.worker.handlers;

import io.ao.shared.queue.TaskTypes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Does nothing and succeeds: for smoke tests and for measuring the queue itself. */
public final class NoopHandler implements TaskHandler {

  private static final JsonObject RESULT = new JsonObject().put("ok", true);

  @Override
  public String type() {
    return TaskTypes.NOOP;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    return Future.succeededFuture(RESULT);
  }
}
