package io.ao.worker.consumer;

import io.ao.shared.queue.StartResult;
import io.ao.shared.queue.StreamEntry;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what the fetcher and the recoverer hand over: starts every delivery of one read with one
 * script call, runs the handler of each that may run (bounded by the task timeout) and has its
 * outcome recorded. Tells {@code finished} when an entry is done with here, recorded or not.
 */
final class Processor {

  private static final Logger LOG = LoggerFactory.getLogger(Processor.class);

  private final TaskQueue queue;
  private final HandlerRegistry handlers;
  private final ConsumerSettings settings;
  private final WorkerMetrics metrics;
  private final OutcomeRecorder outcomes;
  private final InFlightDeliveries inFlight;
  private final Consumer<String> finished;

  Processor(
      TaskQueue queue,
      HandlerRegistry handlers,
      ConsumerSettings settings,
      WorkerMetrics metrics,
      OutcomeRecorder outcomes,
      InFlightDeliveries inFlight,
      Consumer<String> finished) {
    this.queue = queue;
    this.handlers = handlers;
    this.settings = settings;
    this.metrics = metrics;
    this.outcomes = outcomes;
    this.inFlight = inFlight;
    this.finished = finished;
  }

  void dispatchAll(List<StreamEntry> entries) {
    List<TaskEnvelope> deliveries = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      if (!inFlight.add(entry.id())) {
        continue;
      }
      try {
        deliveries.add(entry.toEnvelope());
      } catch (RuntimeException malformed) {
        LOG.error(
            "queue {}: entry {} is not a task envelope ({}); left pending for an operator",
            queue.keys().queue(),
            entry.id(),
            malformed.getMessage());
        finished.accept(entry.id());
      }
    }
    if (deliveries.isEmpty()) {
      return;
    }
    queue
        .startAll(deliveries, settings.workerId())
        .onSuccess(
            starts -> {
              for (int i = 0; i < deliveries.size(); i++) {
                run(deliveries.get(i), starts.get(i));
              }
            })
        .onFailure(
            failure -> {
              LOG.warn(
                  "queue {}: {} deliveries not started ({}); their entries stay pending and will be retried",
                  queue.keys().queue(),
                  deliveries.size(),
                  failure.getMessage());
              deliveries.forEach(delivery -> finished.accept(delivery.entryId()));
            });
  }

  private void run(TaskEnvelope delivery, StartResult start) {
    Future<Void> outcome =
        start.shouldRun() ? execute(delivery, start) : Future.succeededFuture(skip(start));
    outcome
        .onFailure(
            failure ->
                LOG.warn(
                    "queue {}: task {} not recorded ({}); its entry stays pending and will be retried",
                    queue.keys().queue(),
                    delivery.id(),
                    failure.getMessage()))
        .onComplete(done -> finished.accept(delivery.entryId()));
  }

  private Void skip(StartResult start) {
    metrics.skipped(start.decision() == StartResult.Decision.DEAD ? "dead" : start.reason());
    return null;
  }

  private Future<Void> execute(TaskEnvelope delivery, StartResult start) {
    long began = System.nanoTime();
    metrics.started(delivery.enqueuedAt());
    TaskContext context =
        new TaskContext(delivery, start.attempts(), start.maxAttempts(), settings.workerId());
    return invoke(context)
        .transform(
            outcome ->
                outcome.succeeded()
                    ? outcomes.succeeded(delivery, outcome.result())
                    : outcomes.failed(delivery, start, outcome.cause()))
        .onSuccess(outcome -> metrics.finished(delivery.type(), outcome, System.nanoTime() - began))
        .onFailure(
            failure -> metrics.finished(delivery.type(), "unrecorded", System.nanoTime() - began))
        .mapEmpty();
  }

  private Future<JsonObject> invoke(TaskContext context) {
    TaskHandler handler = handlers.find(context.type()).orElse(null);
    if (handler == null) {
      return Future.failedFuture(
          "no handler for task type '" + context.type() + "' on worker " + settings.workerId());
    }
    Future<JsonObject> result;
    try {
      result = handler.handle(context);
    } catch (RuntimeException thrown) {
      return Future.failedFuture(thrown);
    }
    return result.timeout(settings.taskTimeoutMs(), TimeUnit.MILLISECONDS);
  }
}
