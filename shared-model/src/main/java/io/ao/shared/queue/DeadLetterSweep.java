package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Re-drives or discards every dead letter of a queue that matches a filter: partition by partition,
 * oldest first, a page at a time, each task through the same one-task script an operator's single
 * retry or discard runs. A sweep stops at the newest entry there was when it began, so a re-driven
 * task that dies again while the sweep runs is not swept a second time (and a failing task cannot
 * keep a sweep going for ever).
 */
public final class DeadLetterSweep {

  /** Dead letters per read: large enough to keep Redis busy, small enough to bound the reply. */
  static final int PAGE = 500;

  /**
   * What a sweep takes: an exact task type and a case-insensitive substring of the last error, each
   * optional (null matches everything).
   */
  public record Filter(String type, String errorContains) {

    public static final Filter ALL = new Filter(null, null);

    boolean matches(JsonObject letter) {
      return (type == null || type.equals(letter.getString("type")))
          && (errorContains == null
              || lower(letter.getString("error", "")).contains(lower(errorContains)));
    }

    private static String lower(String text) {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code matched} dead letters passed the filter; {@code applied} of them were changed. */
  public record Outcome(int matched, int applied) {

    Outcome plus(Outcome other) {
      return new Outcome(matched + other.matched, applied + other.applied);
    }
  }

  private final PartitionedQueue queue;

  public DeadLetterSweep(PartitionedQueue queue) {
    this.queue = queue;
  }

  public Future<Outcome> redrive(Filter filter) {
    return sweep(filter, (partition, id) -> partition.redrive(id).map(TransitionResult::applied));
  }

  public Future<Outcome> discard(Filter filter) {
    return sweep(filter, TaskOperations::discard);
  }

  private Future<Outcome> sweep(
      Filter filter, BiFunction<TaskOperations, String, Future<Boolean>> action) {
    Future<Outcome> total = Future.succeededFuture(new Outcome(0, 0));
    for (TaskQueue partition : queue.all()) {
      TaskOperations operations = partition.operations();
      total =
          total.compose(
              sofar ->
                  operations
                      .newestDeadLetterId()
                      .compose(
                          newest ->
                              newest == null
                                  ? Future.succeededFuture(sofar)
                                  : pages(operations, filter, action, null, newest, sofar)));
    }
    return total;
  }

  private Future<Outcome> pages(
      TaskOperations operations,
      Filter filter,
      BiFunction<TaskOperations, String, Future<Boolean>> action,
      String after,
      String newest,
      Outcome sofar) {
    return operations
        .deadLettersOldestFirst(after, newest, PAGE)
        .compose(
            page -> {
              List<Future<Boolean>> changes = new ArrayList<>();
              page.items().stream()
                  .filter(filter::matches)
                  .forEach(
                      letter -> changes.add(action.apply(operations, letter.getString("task_id"))));
              return Future.all(changes)
                  .compose(
                      done -> {
                        int applied = (int) changes.stream().filter(Future::result).count();
                        Outcome next = sofar.plus(new Outcome(changes.size(), applied));
                        return page.nextCursor() == null
                            ? Future.succeededFuture(next)
                            : pages(operations, filter, action, page.nextCursor(), newest, next);
                      });
            });
  }
}
