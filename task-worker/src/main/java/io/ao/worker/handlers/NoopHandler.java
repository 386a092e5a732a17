package io.ao.worker.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Does nothing and succeeds: for smoke tests and for measuring the queue itself. */
public final class NoopHandler implements TaskHandler {

  public static final String TYPE = "noop";

  private static final JsonObject RESULT = new JsonObject().put("ok", true);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    return Future.succeededFuture(RESULT);
  }
}
