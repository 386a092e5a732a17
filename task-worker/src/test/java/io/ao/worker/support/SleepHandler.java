package io.ao.worker.support;

import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Takes {@code payload.ms} milliseconds (on a timer, not blocking), then succeeds. */
public final class SleepHandler implements TaskHandler {

  private final Vertx vertx;

  public SleepHandler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public String type() {
    return "sleep";
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    Promise<JsonObject> done = Promise.promise();
    long ms = Math.max(1, task.payload().getLong("ms", 100L));
    vertx.setTimer(ms, id -> done.complete(new JsonObject().put("slept_ms", ms)));
    return done.future();
  }
}
