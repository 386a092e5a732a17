package io.ao.shared.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Lists a queue's tasks in one state, partition after partition, from where the queue keeps such
 * tasks anyway (tasks_in_state.lua), so no transition pays for an index. Each script call looks at
 * a bounded number of entries; a request makes a few calls, so a page may come back short with a
 * cursor to go on from.
 */
public final class TaskListing {

  private static final LuaScript IN_STATE =
      LuaScript.fromClasspath("/io/ao/shared/queue/lua/tasks_in_state.lua");
  private static final int LOOK_AT = 1_000;
  private static final int CALLS_PER_PAGE = 5;

  private final Redis redis;

  public TaskListing(Redis redis) {
    this.redis = redis;
  }

  /** One page of tasks; {@code nextCursor} is null when there are no more. */
  public record Page(List<TaskStatus> items, String nextCursor) {

    public JsonObject toJson() {
      JsonArray array = new JsonArray();
      items.forEach(task -> array.add(task.toJson()));
      return new JsonObject().put("items", array).put("next_cursor", nextCursor);
    }
  }

  /**
   * A page of {@code queue}'s tasks in {@code state}, from {@code cursor} (null = the start).
   *
   * @throws IllegalArgumentException when the cursor is not one this listing gave out
   */
  public Future<Page> list(PartitionedQueue queue, TaskState state, String cursor, int limit) {
    Cursor from = cursor == null ? new Cursor(0, "") : Cursor.parse(cursor, queue.all().size());
    return step(queue.all(), state, from, limit, new ArrayList<>(), CALLS_PER_PAGE);
  }

  private Future<Page> step(
      List<TaskQueue> partitions,
      TaskState state,
      Cursor at,
      int limit,
      List<TaskStatus> found,
      int callsLeft) {
    QueueKeys keys = partitions.get(at.partition()).keys();
    return IN_STATE
        .run(
            redis,
            List.of(keys.stream(), keys.delayed(), keys.dead()),
            List.of(
                state.wireName(),
                at.resumeAfter(),
                Integer.toString(limit - found.size()),
                keys.taskPrefix(),
                Integer.toString(LOOK_AT)))
        .compose(reply -> statuses(keys, reply).map(tasks -> new Step(reply, tasks)))
        .compose(
            step -> {
              found.addAll(step.tasks());
              String resume = step.reply().get(0).toString();
              Cursor next =
                  !resume.isEmpty()
                      ? new Cursor(at.partition(), resume)
                      : at.partition() + 1 < partitions.size()
                          ? new Cursor(at.partition() + 1, "")
                          : null;
              if (next == null || found.size() >= limit || callsLeft <= 1) {
                return Future.succeededFuture(new Page(found, next == null ? null : next.encode()));
              }
              return step(partitions, state, next, limit, found, callsLeft - 1);
            });
  }

  private record Step(Response reply, List<TaskStatus> tasks) {}

  /** The status hashes of the listed ids (one that expired meanwhile is left out). */
  private Future<List<TaskStatus>> statuses(QueueKeys keys, Response reply) {
    List<Request> reads = new ArrayList<>();
    for (int i = 1; i < reply.size(); i++) {
      reads.add(Request.cmd(Command.HGETALL).arg(keys.task(reply.get(i).toString())));
    }
    if (reads.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return redis
        .batch(reads)
        .map(
            hashes -> {
              List<TaskStatus> tasks = new ArrayList<>();
              for (Response hash : hashes) {
                if (hash != null && hash.size() > 0) {
                  tasks.add(TaskStatus.fromHash(hash));
                }
              }
              return tasks;
            });
  }

  /** Where a listing goes on: a partition and the place in it, opaque to clients. */
  private record Cursor(int partition, String resumeAfter) {

    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((partition + "|" + resumeAfter).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String text, int partitions) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int bar = decoded.indexOf('|');
        int partition = Integer.parseInt(decoded.substring(0, bar));
        String resume = decoded.substring(bar + 1);
        if (partition < 0 || partition >= partitions || resume.length() > 200) {
          throw new IllegalArgumentException("cursor out of range");
        }
        return new Cursor(partition, resume);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a cursor returned by this listing", e);
      }
    }
  }
}
