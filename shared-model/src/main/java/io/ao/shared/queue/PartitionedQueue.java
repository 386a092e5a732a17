package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A queue as the API sees it: its {@link QueuePartitions}, one {@link TaskQueue} each. New tasks go
 * to the partition their id routes to; reads and operator actions by task id look where the task
 * may be (routed partition, then home); lists merge every partition.
 */
public final class PartitionedQueue {

  private final QueuePartitions partitions;
  private final List<TaskQueue> queues = new ArrayList<>();

  public PartitionedQueue(Redis redis, QueuePartitions partitions, long retentionSeconds) {
    this.partitions = partitions;
    partitions.all().forEach(keys -> queues.add(new TaskQueue(redis, keys, retentionSeconds)));
  }

  public String name() {
    return partitions.queue();
  }

  public QueuePartitions partitions() {
    return partitions;
  }

  /** The home partition: where leads and workflow runs enqueue their tasks. */
  public TaskQueue home() {
    return queues.get(0);
  }

  public List<TaskQueue> all() {
    return List.copyOf(queues);
  }

  public Future<Void> ensureGroups() {
    List<Future<Void>> groups = new ArrayList<>();
    queues.forEach(queue -> groups.add(queue.ensureGroup()));
    return Future.all(groups).mapEmpty();
  }

  public Future<EnqueueResult> enqueue(NewTask task) {
    return of(partitions.routed(task.id())).enqueue(task);
  }

  /** The task's status hash, or null when no partition holds it. */
  public Future<TaskStatus> status(String taskId) {
    return locate(taskId).map(found -> found == null ? null : found.status());
  }

  public Future<TransitionResult> redrive(String taskId) {
    return inPartitionOf(taskId, queue -> queue.operations().redrive(taskId));
  }

  public Future<Boolean> discard(String taskId) {
    return inPartitionOf(taskId, queue -> queue.operations().discard(taskId));
  }

  public Future<TransitionResult> cancel(String taskId) {
    return inPartitionOf(taskId, queue -> queue.operations().cancel(taskId));
  }

  /**
   * A page of every partition's dead letters, newest first by entry id (ids are times, so they
   * compare across streams), ties broken by partition. With partitions the cursor is {@code <entry
   * id>.<partition>}: two partitions on different nodes can hand out the same id in the same
   * millisecond, and an id alone would skip the second of them.
   */
  public Future<DeadLetterPage> deadLetters(String cursor, int limit) {
    if (queues.size() == 1) {
      return home().operations().deadLetters(cursor, limit);
    }
    Position after = cursor == null ? null : Position.parse(cursor);
    List<Future<DeadLetterPage>> pages = new ArrayList<>();
    for (int partition = 0; partition < queues.size(); partition++) {
      pages.add(
          queues
              .get(partition)
              .operations()
              .deadLetters(after == null ? null : after.exclusiveStartIn(partition), limit));
    }
    return Future.all(pages)
        .map(
            all -> {
              List<Positioned> items = new ArrayList<>();
              boolean more = false;
              for (int partition = 0; partition < pages.size(); partition++) {
                DeadLetterPage page = pages.get(partition).result();
                for (DeadLetterPage.Letter letter : page.letters()) {
                  items.add(new Positioned(Position.of(letter.entryId(), partition), letter));
                }
                more |= page.nextCursor() != null;
              }
              items.sort(Comparator.comparing(Positioned::position).reversed());
              more |= items.size() > limit;
              List<Positioned> shown = items.subList(0, Math.min(limit, items.size()));
              String next =
                  more && !shown.isEmpty() ? shown.get(shown.size() - 1).position().cursor() : null;
              return new DeadLetterPage(shown.stream().map(Positioned::letter).toList(), next);
            });
  }

  private record Positioned(Position position, DeadLetterPage.Letter letter) {}

  /** An entry's place in the merged order: entry id, then partition. */
  private record Position(long ms, long seq, int partition) implements Comparable<Position> {

    static Position of(String entryId, int partition) {
      int dash = entryId.indexOf('-');
      return new Position(
          Long.parseLong(entryId.substring(0, dash)),
          Long.parseLong(entryId.substring(dash + 1)),
          partition);
    }

    static Position parse(String cursor) {
      int dot = cursor.indexOf('.');
      return dot < 0
          ? of(cursor, -1)
          : of(cursor.substring(0, dot), Integer.parseInt(cursor.substring(dot + 1)));
    }

    String cursor() {
      return ms + "-" + seq + "." + partition;
    }

    /**
     * The exclusive upper bound for one partition's next page: entries older than this one, and in
     * partitions that sort below it, this very id as well ("ms-(seq+1)" exclusive).
     */
    String exclusiveStartIn(int other) {
      return other < partition ? ms + "-" + (seq + 1) : ms + "-" + seq;
    }

    @Override
    public int compareTo(Position other) {
      int byTime = Long.compare(ms, other.ms);
      if (byTime != 0) {
        return byTime;
      }
      int bySeq = Long.compare(seq, other.seq);
      return bySeq != 0 ? bySeq : Integer.compare(partition, other.partition);
    }
  }

  private TaskQueue of(QueueKeys keys) {
    return queues.get(keys.partition());
  }

  private record Located(TaskQueue queue, TaskStatus status) {}

  private Future<Located> locate(String taskId) {
    return locate(taskId, partitions.candidates(taskId), 0);
  }

  private Future<Located> locate(String taskId, List<QueueKeys> candidates, int index) {
    if (index == candidates.size()) {
      return Future.succeededFuture(null);
    }
    TaskQueue queue = of(candidates.get(index));
    return queue
        .status(taskId)
        .compose(
            status ->
                status != null
                    ? Future.succeededFuture(new Located(queue, status))
                    : locate(taskId, candidates, index + 1));
  }

  /**
   * Runs {@code action} in the partition holding the task; with no such task, in its routed
   * partition.
   */
  private <T> Future<T> inPartitionOf(String taskId, Function<TaskQueue, Future<T>> action) {
    if (queues.size() == 1) {
      return action.apply(home());
    }
    return locate(taskId)
        .compose(
            found ->
                found == null
                    ? action.apply(of(partitions.routed(taskId)))
                    : action.apply(found.queue()));
  }
}
