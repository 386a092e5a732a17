package io.ao.api.admin;

import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.JsonFields;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.queue.DeadLetterSweep;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.QueueHistory;
import io.ao.shared.queue.QueueInspector;
import io.ao.shared.queue.QueueStats;
import io.ao.shared.queue.TaskIds;
import io.ao.shared.queue.TaskListing;
import io.ao.shared.queue.TaskState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Queue figures, tasks by state, and the dead-letter list (dead and failed tasks): list, re-drive
 * or discard one, re-drive or discard all that match a filter.
 */
public final class AdminRoutes {

  // an entry id, with ".<partition>" when the queue is partitioned (see PartitionedQueue)
  private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}(\\.\\d{1,2})?");

  private static final Set<String> STATES =
      Arrays.stream(TaskState.values())
          .map(TaskState::wireName)
          .collect(Collectors.toCollection(TreeSet::new));

  private static final Set<String> SWEEP_FIELDS = Set.of("type", "error_contains");

  private final ApiDependencies deps;
  private final QueueInspector inspector;
  private final TaskListing listing;
  private final QueueHistory history;

  public AdminRoutes(ApiDependencies deps) {
    this.deps = deps;
    this.inspector = new QueueInspector(deps.redis());
    this.listing = new TaskListing(deps.redis());
    this.history = new QueueHistory(deps.redis());
  }

  /** GET /api/admin/tasks?state=...: a queue's tasks in one state, a page at a time. */
  public void tasks(RoutingContext ctx) {
    String state = ctx.queryParams().get("state");
    if (state == null || !STATES.contains(state)) {
      throw ProblemException.invalid(
          "state", (state == null ? "is required; " : "") + "expected one of " + STATES);
    }
    PartitionedQueue queue = deps.queues().named(ctx.queryParams().get("queue"), "queue");
    int limit = limit(ctx.queryParams().get("limit"));
    Future<TaskListing.Page> page;
    try {
      page = listing.list(queue, TaskState.fromWire(state), ctx.queryParams().get("cursor"), limit);
    } catch (IllegalArgumentException badCursor) {
      throw ProblemException.invalid("cursor", "not a cursor returned by this endpoint");
    }
    page.onSuccess(found -> Responses.json(ctx, 200, found.toJson())).onFailure(ctx::fail);
  }

  public void queues(RoutingContext ctx) {
    List<Future<QueueStats>> stats = new ArrayList<>();
    deps.queues().all().forEach(queue -> stats.add(inspector.stats(queue.partitions())));
    Future.all(stats)
        .onSuccess(
            done -> {
              JsonArray items = new JsonArray();
              stats.forEach(queue -> items.add(queue.result().toJson()));
              Responses.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  /**
   * GET /api/admin/queues/history?minutes=60: per queue, the last minutes of enqueued, succeeded
   * and failed tasks and the sampled depth, oldest first, partitions summed.
   */
  public void history(RoutingContext ctx) {
    int minutes = minutes(ctx.queryParams().getAll("minutes"));
    long now = System.currentTimeMillis();
    List<PartitionedQueue> queues = new ArrayList<>(deps.queues().all());
    List<Future<List<QueueHistory.Minute>>> reads = new ArrayList<>();
    queues.forEach(queue -> reads.add(history.read(queue.partitions(), minutes, now)));
    Future.all(reads)
        .onSuccess(
            done -> {
              JsonArray items = new JsonArray();
              for (int i = 0; i < queues.size(); i++) {
                JsonArray points = new JsonArray();
                reads.get(i).result().forEach(point -> points.add(point.toJson()));
                items.add(
                    new JsonObject().put("queue", queues.get(i).name()).put("points", points));
              }
              Responses.json(
                  ctx, 200, new JsonObject().put("minutes", minutes).put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private static int minutes(List<String> raw) {
    if (raw.isEmpty()) {
      return QueueHistory.MAX_MINUTES;
    }
    String message = "must be a whole number from 1 to " + QueueHistory.MAX_MINUTES;
    if (raw.size() > 1 || !raw.get(0).matches("\\d{1,2}")) {
      throw ProblemException.invalid("minutes", message);
    }
    int minutes = Integer.parseInt(raw.get(0));
    if (minutes < 1 || minutes > QueueHistory.MAX_MINUTES) {
      throw ProblemException.invalid("minutes", message);
    }
    return minutes;
  }

  public void deadLetters(RoutingContext ctx) {
    PartitionedQueue queue = deps.queues().named(ctx.queryParams().get("queue"), "queue");
    int limit = limit(ctx.queryParams().get("limit"));
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !STREAM_ID.matcher(cursor).matches()) {
      throw ProblemException.invalid("cursor", "not a cursor returned by this endpoint");
    }
    queue
        .deadLetters(cursor, limit)
        .onSuccess(page -> Responses.json(ctx, 200, page.toJson()))
        .onFailure(ctx::fail);
  }

  public void retry(RoutingContext ctx) {
    String id = taskId(ctx);
    PartitionedQueue queue = deps.queues().named(ctx.queryParams().get("queue"), "queue");
    queue
        .redrive(id)
        .onSuccess(
            result -> {
              if (!result.applied()) {
                ctx.fail(
                    ProblemException.notFound(
                        result.detail().isEmpty()
                            ? "No task with id " + id
                            : "Task "
                                + id
                                + " is "
                                + result.detail()
                                + ", not on the dead-letter list"));
                return;
              }
              String statusUrl = "/api/tasks/" + id;
              ctx.response().putHeader("Location", statusUrl);
              Responses.json(
                  ctx,
                  202,
                  new JsonObject()
                      .put("task_id", id)
                      .put("status", "queued")
                      .put("status_url", statusUrl));
            })
        .onFailure(ctx::fail);
  }

  public void discard(RoutingContext ctx) {
    String id = taskId(ctx);
    PartitionedQueue queue = deps.queues().named(ctx.queryParams().get("queue"), "queue");
    queue
        .discard(id)
        .onSuccess(
            discarded -> {
              if (discarded) {
                Responses.noContent(ctx);
              } else {
                ctx.fail(
                    ProblemException.notFound("Task " + id + " is not on the dead-letter list"));
              }
            })
        .onFailure(ctx::fail);
  }

  /** POST /api/admin/dead-letters/retry: every dead letter that matches the body's filter. */
  public void retryMatching(RoutingContext ctx) {
    DeadLetterSweep.Filter filter = sweepFilter(ctx);
    new DeadLetterSweep(deps.queues().named(ctx.queryParams().get("queue"), "queue"))
        .redrive(filter)
        .onSuccess(
            outcome ->
                Responses.json(
                    ctx,
                    202,
                    new JsonObject()
                        .put("matched", outcome.matched())
                        .put("retried", outcome.applied())))
        .onFailure(ctx::fail);
  }

  /** POST /api/admin/dead-letters/discard: every dead letter that matches the body's filter. */
  public void discardMatching(RoutingContext ctx) {
    DeadLetterSweep.Filter filter = sweepFilter(ctx);
    new DeadLetterSweep(deps.queues().named(ctx.queryParams().get("queue"), "queue"))
        .discard(filter)
        .onSuccess(
            outcome ->
                Responses.json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("matched", outcome.matched())
                        .put("discarded", outcome.applied())))
        .onFailure(ctx::fail);
  }

  /** The optional {@code type} and {@code error_contains}; no body (or {}) is every letter. */
  private static DeadLetterSweep.Filter sweepFilter(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
      return DeadLetterSweep.Filter.ALL;
    }
    JsonFields fields = new JsonFields(JsonBodies.objectOf(ctx), SWEEP_FIELDS);
    String type = fields.string("type", false, 1, 64);
    String errorContains = fields.string("error_contains", false, 1, 200);
    fields.validate();
    return new DeadLetterSweep.Filter(type, errorContains);
  }

  private static String taskId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("task id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  private static int limit(String raw) {
    Integer limit = PageLimits.parse(raw);
    if (limit == null) {
      throw ProblemException.invalid(List.of(PageLimits.error()));
    }
    return limit;
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    AdminRoutes admin = new AdminRoutes(deps);
    routes
        .protectedRoute(GET, "/api/admin/queues", OPERATOR, admin::queues)
        .protectedRoute(GET, "/api/admin/queues/history", OPERATOR, admin::history)
        .protectedRoute(GET, "/api/admin/tasks", OPERATOR, admin::tasks)
        .protectedRoute(GET, "/api/admin/dead-letters", OPERATOR, admin::deadLetters)
        .protectedRoute(POST, "/api/admin/dead-letters/retry", OPERATOR, admin::retryMatching)
        .protectedRoute(POST, "/api/admin/dead-letters/discard", OPERATOR, admin::discardMatching)
        .protectedRoute(POST, "/api/admin/dead-letters/:id/retry", OPERATOR, admin::retry)
        .protectedRoute(DELETE, "/api/admin/dead-letters/:id", OPERATOR, admin::discard);
  }
}
