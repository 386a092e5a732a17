package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A queue as the API sees it: its {@link QueuePartitions}, one {@link TaskQueue} each. New
 * tasks go to the partition their id routes to; reads and operator actions by task id look
 * where the task may be (routed partition, then home); lists merge every partition.
 */
public final class PartitionedQueue {

  private static final Comparator<JsonObject> NEWEST_FIRST =
    Comparator.comparing((JsonObject item) -> entryId(item.getString("dead_letter_id"))).reversed();

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
    return inPartitionOf(taskId, queue -> queue.redrive(taskId));
  }

  public Future<Boolean> discard(String taskId) {
    return inPartitionOf(taskId, queue -> queue.discard(taskId));
  }

  public Future<TransitionResult> cancel(String taskId) {
    return inPartitionOf(taskId, queue -> queue.cancel(taskId));
  }

  /**
   * A page of every partition's dead letters, newest first by entry id (ids are times, so
   * they compare across streams); the cursor is the last id shown, as for one stream.
   */
  public Future<DeadLetterPage> deadLetters(String cursor, int limit) {
    if (queues.size() == 1) {
      return home().deadLetters(cursor, limit);
    }
    List<Future<DeadLetterPage>> pages = new ArrayList<>();
    queues.forEach(queue -> pages.add(queue.deadLetters(cursor, limit)));
    return Future.all(pages).map(all -> {
      List<JsonObject> items = new ArrayList<>();
      boolean more = false;
      for (Future<DeadLetterPage> page : pages) {
        items.addAll(page.result().items());
        more |= page.result().nextCursor() != null;
      }
      items.sort(NEWEST_FIRST);
      more |= items.size() > limit;
      List<JsonObject> shown = items.subList(0, Math.min(limit, items.size()));
      String next = more && !shown.isEmpty() ? shown.get(shown.size() - 1).getString("dead_letter_id") : null;
      return new DeadLetterPage(List.copyOf(shown), next);
    });
  }

  private TaskQueue of(QueueKeys keys) {
    return queues.get(keys.partition());
  }

  private record Located(TaskQueue queue, TaskStatus status) {
  }

  private Future<Located> locate(String taskId) {
    return locate(taskId, partitions.candidates(taskId), 0);
  }

  private Future<Located> locate(String taskId, List<QueueKeys> candidates, int index) {
    if (index == candidates.size()) {
      return Future.succeededFuture(null);
    }
    TaskQueue queue = of(candidates.get(index));
    return queue.status(taskId).compose(status -> status != null
      ? Future.succeededFuture(new Located(queue, status))
      : locate(taskId, candidates, index + 1));
  }

  /** Runs {@code action} in the partition holding the task; with no such task, in its routed partition. */
  private <T> Future<T> inPartitionOf(String taskId, Function<TaskQueue, Future<T>> action) {
    if (queues.size() == 1) {
      return action.apply(home());
    }
    return locate(taskId).compose(found -> found == null
      ? action.apply(of(partitions.routed(taskId)))
      : action.apply(found.queue()));
  }

  private static EntryId entryId(String id) {
    int dash = id.indexOf('-');
    return new EntryId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
  }

  private record EntryId(long ms, long seq) implements Comparable<EntryId> {
    @Override
    public int compareTo(EntryId other) {
      int byTime = Long.compare(ms, other.ms);
      return byTime != 0 ? byTime : Long.compare(seq, other.seq);
    }
  }
}
