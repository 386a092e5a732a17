package io.ao.worker.consumer;

import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.TaskQueue.Completion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the successes that finish within one event-loop turn with a single complete_batch script
 * call instead of one call each. Each success is still acked only by the script that records it; a
 * batch that fails leaves its entries pending, exactly as a single failed call would.
 */
final class CompletionBatcher {

  private static final int MAX_BATCH = 128;

  private final Context context;
  private final TaskQueue queue;
  private final String workerId;
  private List<Pending> pending = new ArrayList<>();

  CompletionBatcher(Context context, TaskQueue queue, String workerId) {
    this.context = context;
    this.queue = queue;
    this.workerId = workerId;
  }

  /** Completes with true when recorded, false when the delivery no longer owned its task. */
  Future<Boolean> complete(TaskEnvelope delivery, JsonObject result) {
    Promise<Boolean> recorded = Promise.promise();
    pending.add(new Pending(new Completion(delivery, result), recorded));
    if (pending.size() == 1) {
      context.runOnContext(v -> flush());
    } else if (pending.size() >= MAX_BATCH) {
      flush();
    }
    return recorded.future();
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    queue
        .completeAll(batch.stream().map(Pending::completion).toList(), workerId)
        .onSuccess(
            answers -> {
              for (int i = 0; i < batch.size(); i++) {
                batch.get(i).recorded().complete(answers.get(i));
              }
            })
        .onFailure(failure -> batch.forEach(waiting -> waiting.recorded().fail(failure)));
  }

  private record Pending(Completion completion, Promise<Boolean> recorded) {}
}
