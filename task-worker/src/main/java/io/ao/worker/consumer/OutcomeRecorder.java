package io.ao.worker.consumer;

import io.ao.shared.queue.StartResult;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.workflows.WorkflowChain;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a run ended, each outcome one script: success (with the next workflow step, if any),
 * a permanent failure, dead when the attempts are used up, else a retry after backoff. Answers the
 * outcome's name for the metrics.
 */
final class OutcomeRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final TaskQueue queue;
  private final WorkflowChain chain;
  private final CompletionBatcher completions;
  private final RetryBackoff backoff;
  private final ConsumerSettings settings;

  OutcomeRecorder(
      TaskQueue queue,
      WorkflowChain chain,
      CompletionBatcher completions,
      ConsumerSettings settings) {
    this.queue = queue;
    this.chain = chain;
    this.completions = completions;
    this.backoff = new RetryBackoff(settings.retryBaseDelayMs(), settings.retryMaxDelayMs());
    this.settings = settings;
  }

  /** A workflow step's success enqueues the next step in the same script. */
  Future<String> succeeded(TaskEnvelope delivery, JsonObject result) {
    return chain
        .next(delivery)
        .map(
            next ->
                queue.completeAndEnqueueNext(
                    delivery,
                    settings.workerId(),
                    result,
                    next,
                    chain.runKey(queue.keys(), delivery)))
        .orElseGet(() -> completions.complete(delivery, result))
        .map("succeeded");
  }

  Future<String> failed(TaskEnvelope delivery, StartResult start, Throwable cause) {
    String error = describe(cause);
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
