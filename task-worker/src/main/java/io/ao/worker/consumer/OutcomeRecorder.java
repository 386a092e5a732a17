package io.ao.worker.consumer;

import io.ao.shared.queue.StartResult;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskDeferral;
import io.ao.worker.workflows.RunAdvancer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a run ended, each outcome one script: success (with the next workflow step, if any),
 * a deferral (the task waits without spending its attempt), a permanent failure, dead when the
 * attempts are used up, else a retry after backoff. Answers the outcome's name for the metrics.
 */
final class OutcomeRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final TaskQueue queue;
  private final RunAdvancer runs;
  private final CompletionBatcher completions;
  private final RetryBackoff backoff;
  private final ConsumerSettings settings;

  OutcomeRecorder(
      TaskQueue queue, RunAdvancer runs, CompletionBatcher completions, ConsumerSettings settings) {
    this.queue = queue;
    this.runs = runs;
    this.completions = completions;
    this.backoff = new RetryBackoff(settings.retryBaseDelayMs(), settings.retryMaxDelayMs());
    this.settings = settings;
  }

  /**
   * A workflow run's task (a step's, or a wait's wake task) records its success with the run's next
   * steps in the same script; any other task's success is batched.
   */
  Future<String> succeeded(TaskEnvelope delivery, JsonObject result) {
    if (runs == null || !runs.moves(delivery, queue.keys().queue())) {
      return completions.complete(delivery, result).map("succeeded");
    }
    return runs.succeeded(delivery, settings.workerId(), result)
        .compose(
            moved ->
                moved
                    ? Future.succeededFuture("succeeded")
                    : completions.complete(delivery, result).map("succeeded"));
  }

  Future<String> failed(TaskEnvelope delivery, StartResult start, Throwable cause) {
    String error = describe(cause);
    if (cause instanceof TaskDeferral) {
      return queue.defer(delivery, ((TaskDeferral) cause).dueAtMs(), error).map("deferred");
    }
    if (cause instanceof PermanentTaskFailure) {
      return queue.fail(delivery, error).map("failed");
    }
    if (start.attempts() >= start.maxAttempts()) {
      LOG.warn(
          "queue {}: task {} ({}) dead after {} attempts: {}",
          queue.keys().queue(),
          delivery.id(),
          delivery.type(),
          start.attempts(),
          error);
      return queue.deadLetter(delivery, error).map("dead");
    }
    return queue.retryLater(delivery, backoff.delayAfter(start.attempts()), error).map("retried");
  }

  private String describe(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "timed out after " + settings.taskTimeoutMs() + " ms";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
