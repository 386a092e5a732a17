package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The state transitions of one queue, each a single Lua script (see the lua resources): a crash
 * between two Redis commands can never lose or duplicate a transition, and an entry is acknowledged
 * only by the script that records its outcome.
 */
public final class TaskQueue {

  private final Redis redis;
  private final QueueKeys keys;
  private final long retentionSeconds;
  private final LongSupplier clock;
  private final TaskOperations operations;

  public TaskQueue(Redis redis, QueueKeys keys, long retentionSeconds) {
    this(redis, keys, retentionSeconds, System::currentTimeMillis);
  }

  public TaskQueue(Redis redis, QueueKeys keys, long retentionSeconds, LongSupplier clock) {
    this.redis = redis;
    this.keys = keys;
    this.retentionSeconds = retentionSeconds;
    this.clock = clock;
    this.operations = new TaskOperations(redis, keys, retentionSeconds, clock);
  }

  public QueueKeys keys() {
    return keys;
  }

  /** The operator's actions on this partition's tasks: re-drive, discard, cancel, dead letters. */
  public TaskOperations operations() {
    return operations;
  }

  /** Creates the stream and its consumer group if absent (idempotent). */
  public Future<Void> ensureGroup() {
    Request create =
        Request.cmd(Command.XGROUP)
            .arg("CREATE")
            .arg(keys.stream())
            .arg(QueueKeys.GROUP)
            .arg("0")
            .arg("MKSTREAM");
    return redis
        .send(create)
        .<Void>mapEmpty()
        .recover(
            failure ->
                failure.getMessage() != null && failure.getMessage().startsWith("BUSYGROUP")
                    ? Future.succeededFuture()
                    : Future.failedFuture(failure));
  }

  /** Enqueues a task; a task id that already exists is left as it is (idempotent). */
  public Future<EnqueueResult> enqueue(NewTask task) {
    List<String> args = new ArrayList<>(18);
    args.add(task.id());
    args.add(now());
    args.addAll(task.hashFields(keys.queue()));
    return QueueScripts.ENQUEUE
        .run(redis, List.of(keys.stream(), keys.task(task.id())), args)
        .map(
            reply ->
                reply.get(0).toInteger() == 1
                    ? EnqueueResult.created(task.id(), reply.get(1).toString())
                    : EnqueueResult.existing(
                        task.id(), reply.get(1) == null ? "" : reply.get(1).toString()));
  }

  /**
   * Marks every delivery of one read as running, or tells the caller to drop it (see {@link
   * StartResult}), in a single script call: one round trip per read instead of one per task.
   * Answers come back in the order of {@code deliveries}.
   */
  public Future<List<StartResult>> startAll(List<TaskEnvelope> deliveries, String workerId) {
    if (deliveries.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> scriptKeys = new ArrayList<>(deliveries.size() + 2);
    scriptKeys.add(keys.stream());
    scriptKeys.add(keys.dead());
    List<String> args = new ArrayList<>(deliveries.size() + 3);
    args.add(QueueKeys.GROUP);
    args.add(workerId);
    args.add(now());
    for (TaskEnvelope delivery : deliveries) {
      scriptKeys.add(keys.task(delivery.id()));
      args.add(delivery.entryId());
    }
    return QueueScripts.START_BATCH
        .run(redis, scriptKeys, args)
        .map(
            reply -> {
              List<StartResult> results = new ArrayList<>(reply.size());
              reply.forEach(answer -> results.add(StartResult.fromReply(answer)));
              return results;
            });
  }

  /**
   * Records several successes (running -> succeeded) in a single script call; answers in order,
   * true when recorded, false when the delivery no longer owned its task.
   */
  public Future<List<Boolean>> completeAll(List<Completion> completions, String workerId) {
    if (completions.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> scriptKeys = new ArrayList<>(completions.size() + 1);
    scriptKeys.add(keys.stream());
    List<String> args = new ArrayList<>(completions.size() * 2 + 4);
    args.add(QueueKeys.GROUP);
    args.add(workerId);
    args.add(now());
    args.add(Long.toString(retentionSeconds));
    for (Completion completion : completions) {
      scriptKeys.add(keys.task(completion.delivery().id()));
      args.add(completion.delivery().entryId());
      args.add(encode(completion.result()));
    }
    return QueueScripts.COMPLETE_BATCH
        .run(redis, scriptKeys, args)
        .map(
            reply -> {
              List<Boolean> recorded = new ArrayList<>(reply.size());
              reply.forEach(answer -> recorded.add(answer.toInteger() == 1));
              return recorded;
            });
  }

  /** A delivery whose handler succeeded, and the result to record. */
  public record Completion(TaskEnvelope delivery, JsonObject result) {}

  public Future<Boolean> retryLater(TaskEnvelope delivery, long delayMs, String error) {
    long now = clock.getAsLong();
    return QueueScripts.RETRY_LATER
        .run(
            redis,
            List.of(keys.stream(), keys.task(delivery.id()), keys.delayed()),
            List.of(
                QueueKeys.GROUP,
                delivery.entryId(),
                Long.toString(now),
                Long.toString(now + delayMs),
                error,
                delivery.id()))
        .map(reply -> reply.toInteger() == 1);
  }

  /**
   * The task did not get to run (e.g. its CRM account is paused): running → scheduled until {@code
   * dueAtMs}, without spending the attempt. False when this delivery no longer owned the task.
   */
  public Future<Boolean> defer(TaskEnvelope delivery, long dueAtMs, String reason) {
    return QueueScripts.DEFER
        .run(
            redis,
            List.of(keys.stream(), keys.task(delivery.id()), keys.delayed()),
            List.of(
                QueueKeys.GROUP,
                delivery.entryId(),
                now(),
                Long.toString(dueAtMs),
                reason,
                delivery.id()))
        .map(reply -> reply.toInteger() == 1);
  }

  /** Attempts used up: the task goes to the dead-letter stream until re-driven or discarded. */
  public Future<Boolean> deadLetter(TaskEnvelope delivery, String error) {
    return finish(delivery, error, TaskState.DEAD);
  }

  /**
   * An error no retry can fix: the task fails at once, onto the dead-letter list like a dead one
   * (an operator must see it, fix the cause and retry it, or discard it).
   */
  public Future<Boolean> fail(TaskEnvelope delivery, String error) {
    return finish(delivery, error, TaskState.FAILED);
  }

  private Future<Boolean> finish(TaskEnvelope delivery, String error, TaskState finalState) {
    return QueueScripts.DEAD_LETTER
        .run(
            redis,
            List.of(keys.stream(), keys.task(delivery.id()), keys.dead()),
            List.of(QueueKeys.GROUP, delivery.entryId(), now(), error, finalState.wireName()))
        .map(reply -> reply.toInteger() == 1);
  }

  /** Moves retries that are due back onto the stream; returns how many were moved. */
  public Future<Integer> promoteDue(int limit) {
    return QueueScripts.PROMOTE_DUE
        .run(
            redis,
            List.of(keys.delayed(), keys.stream()),
            List.of(now(), Integer.toString(limit), keys.taskPrefix()))
        .map(Response::toInteger);
  }

  /** The task's status hash, or null when there is no such task (or it expired). */
  public Future<TaskStatus> status(String taskId) {
    return redis
        .send(Request.cmd(Command.HGETALL).arg(keys.task(taskId)))
        .map(reply -> reply == null || reply.size() == 0 ? null : TaskStatus.fromHash(reply));
  }

  private String now() {
    return Long.toString(clock.getAsLong());
  }

  private static String encode(JsonObject result) {
    return result == null ? "{}" : result.encode();
  }
}
