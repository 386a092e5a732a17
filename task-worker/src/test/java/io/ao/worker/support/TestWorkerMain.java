package io.ao.worker.support;

import io.ao.worker.WorkerMain;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The real worker, started as its own process by fault tests, with one extra handler type "sleep"
 * that takes payload.ms on a timer (so tasks are in flight long enough to kill the process in the
 * middle of them).
 */
public final class TestWorkerMain {

  private TestWorkerMain() {}

  public static void main(String[] args) {
    HandlerRegistry handlers = HandlerRegistry.withBuiltIns().register(new TimerSleep());
    System.exit(WorkerMain.run(args, handlers));
  }

  /** Uses the verticle's own Vert.x through the current context. */
  private static final class TimerSleep implements TaskHandler {
    @Override
    public String type() {
      return "sleep";
    }

    @Override
    public Future<JsonObject> handle(TaskContext task) {
      Vertx vertx = Vertx.currentContext().owner();
      return new SleepHandler(vertx).handle(task);
    }
  }
}
