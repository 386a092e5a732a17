package io.ao.api.tasks;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.ProblemException;
import io.ao.api.http.RedisOutages;
import io.ao.api.http.RequestIds;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.TaskIds;
import io.ao.shared.queue.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;

/**
 * POST /api/tasks enqueues a task (idempotent by id: a repeat answers 200 with the existing task);
 * GET /api/tasks/{id} reads its status hash.
 */
public final class TaskRoutes {

  private final ApiDependencies deps;

  public TaskRoutes(ApiDependencies deps) {
    this.deps = deps;
  }

  public void create(RoutingContext ctx) {
    TaskRequest request =
        TaskRequest.from(JsonBodies.objectOf(ctx), deps.config().tasks().acceptedTypes());
    PartitionedQueue queue = deps.queues().named(request.queue(), "queue");
    RedisOutages.requireUp(deps.monitor()::isUp);
    int maxAttempts =
        request.maxAttempts() == null ? deps.config().queue().maxAttempts() : request.maxAttempts();
    NewTask task =
        NewTask.withId(
                request.id() == null ? TaskIds.newId() : request.id(),
                request.type(),
                request.payload(),
                maxAttempts)
            .withRequestId(RequestIds.of(ctx));
    queue
        .enqueue(task)
        .onSuccess(
            result -> {
              String statusUrl = "/api/tasks/" + task.id();
              JsonObject body =
                  new JsonObject()
                      .put("task_id", task.id())
                      .put("queue", queue.name())
                      .put("status", result.created() ? "queued" : result.existingState())
                      .put("status_url", statusUrl);
              if (result.created()) {
                deps.gauges().enqueued(queue.name(), task.type());
              }
              ctx.response().putHeader("Location", statusUrl);
              Responses.json(ctx, result.created() ? 202 : 200, body);
            })
        .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("task id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    RedisOutages.requireUp(deps.monitor()::isUp);
    findInQueues(id, deps.queues().all().iterator())
        .onSuccess(
            status -> {
              if (status == null) {
                ctx.fail(ProblemException.notFound("No task with id " + id));
              } else {
                Responses.json(ctx, 200, status.toJson());
              }
            })
        .onFailure(ctx::fail);
  }

  /** Task ids are unique across queues; look in each configured queue in turn. */
  private Future<TaskStatus> findInQueues(String id, Iterator<PartitionedQueue> queues) {
    if (!queues.hasNext()) {
      return Future.succeededFuture(null);
    }
    return queues
        .next()
        .status(id)
        .compose(
            status -> status != null ? Future.succeededFuture(status) : findInQueues(id, queues));
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    TaskRoutes tasks = new TaskRoutes(deps);
    routes
        .protectedRoute(POST, "/api/tasks", OPERATOR, tasks::create)
        .protectedRoute(GET, "/api/tasks/:id", AGENT, tasks::get);
  }
}
