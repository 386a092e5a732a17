package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What an operator does to the tasks of one queue partition, each change one script: page through
 * dead letters, re-drive or discard one, cancel a task that has not started. The worker's
 * transitions are {@link TaskQueue}'s.
 */
public final class TaskOperations {

  private final Redis redis;
  private final QueueKeys keys;
  private final long retentionSeconds;
  private final LongSupplier clock;

  TaskOperations(Redis redis, QueueKeys keys, long retentionSeconds, LongSupplier clock) {
    this.redis = redis;
    this.keys = keys;
    this.retentionSeconds = retentionSeconds;
    this.clock = clock;
  }

  /** An operator's retry of a dead or failed task, with a fresh set of attempts. */
  public Future<TransitionResult> redrive(String taskId) {
    return QueueScripts.REDRIVE
        .run(redis, List.of(keys.stream(), keys.task(taskId), keys.dead()), List.of(taskId, now()))
        .map(TaskOperations::toTransition);
  }

  /** Takes a dead task off the dead-letter list; its status then expires. */
  public Future<Boolean> discard(String taskId) {
    return QueueScripts.DISCARD
        .run(
            redis,
            List.of(keys.task(taskId), keys.dead()),
            List.of(now(), Long.toString(retentionSeconds)))
        .map(reply -> reply.toInteger() == 1);
  }

  public Future<TransitionResult> cancel(String taskId) {
    return QueueScripts.CANCEL
        .run(
            redis,
            List.of(keys.task(taskId), keys.delayed()),
            List.of(taskId, now(), Long.toString(retentionSeconds)))
        .map(TaskOperations::toTransition);
  }

  /**
   * A page of the dead-letter list, newest first. {@code cursor} is the last entry id of the
   * previous page (exclusive), or null for the first page.
   */
  public Future<DeadLetterPage> deadLetters(String cursor, int limit) {
    String from = cursor == null ? "+" : "(" + cursor;
    return redis
        .send(
            Request.cmd(Command.XREVRANGE)
                .arg(keys.dead())
                .arg(from)
                .arg("-")
                .arg("COUNT")
                .arg(limit + 1))
        .map(entries -> DeadLetterPage.from(entries, limit));
  }

  /** The newest dead-letter entry's id, or null when the list is empty. */
  public Future<String> newestDeadLetterId() {
    return redis
        .send(Request.cmd(Command.XREVRANGE).arg(keys.dead()).arg("+").arg("-").arg("COUNT").arg(1))
        .map(entries -> entries.size() == 0 ? null : entries.get(0).get(0).toString());
  }

  /**
   * A page of the dead-letter list oldest first: entries after {@code after} (exclusive; null for
   * the start) up to {@code upTo} (inclusive). The cursor of the page is its last entry id.
   */
  public Future<DeadLetterPage> deadLettersOldestFirst(String after, String upTo, int limit) {
    return redis
        .send(
            Request.cmd(Command.XRANGE)
                .arg(keys.dead())
                .arg(after == null ? "-" : "(" + after)
                .arg(upTo)
                .arg("COUNT")
                .arg(limit + 1))
        .map(entries -> DeadLetterPage.from(entries, limit));
  }

  private String now() {
    return Long.toString(clock.getAsLong());
  }

  /** redrive and cancel answer {1, state} when applied, {0, current state} ('' if absent). */
  private static TransitionResult toTransition(Response reply) {
    return new TransitionResult(
        reply.get(0).toInteger() == 1, reply.get(1) == null ? "" : reply.get(1).toString());
  }
}
