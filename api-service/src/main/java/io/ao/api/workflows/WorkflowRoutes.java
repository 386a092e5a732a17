package io.ao.api.workflows;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.http.FieldError;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.RequestIds;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.api.leads.LeadService;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.TaskIds;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Workflows: start a run for an inline lead or a lead id (202 with a status URL), read a run's
 * status with its steps, list recent runs, cancel one, and list the definitions.
 */
public final class WorkflowRoutes {

  private static final Set<String> RUN_STATES =
      Set.of("queued", "running", "succeeded", "failed", "cancelled");
  private static final int LIST_SCAN_LIMIT = 2_000;

  private final WorkflowDefinitions definitions;
  private final WorkflowStore store;
  private final LeadService leads;
  private final int maxAttempts;

  public WorkflowRoutes(
      WorkflowDefinitions definitions, WorkflowStore store, LeadService leads, int maxAttempts) {
    this.definitions = definitions;
    this.store = store;
    this.leads = leads;
    this.maxAttempts = maxAttempts;
  }

  public void trigger(RoutingContext ctx) {
    TriggerRequest request = TriggerRequest.from(JsonBodies.objectOf(ctx), definitions);
    WorkflowDefinitions.Workflow chosen = request.workflow();
    Object lead = request.lead();
    Object leadId = request.leadId();
    Future<String> subject =
        lead != null
            ? leads.createOrFind((JsonObject) lead)
            : leads
                .exists((String) leadId)
                .map(
                    found -> {
                      if (!found) {
                        throw ProblemException.invalid("lead_id", "no lead with this id");
                      }
                      return (String) leadId;
                    });
    String runId = UUID.randomUUID().toString();
    subject
        .compose(
            id ->
                store.start(
                    runId, chosen, id, RequestIds.of(ctx), firstStep(runId, chosen, id, ctx)))
        .onSuccess(
            done -> {
              String statusUrl = "/api/workflows/" + runId + "/status";
              ctx.response().putHeader("Location", statusUrl);
              Responses.json(
                  ctx,
                  202,
                  new JsonObject()
                      .put("workflow_id", runId)
                      .put("workflow", chosen.name())
                      .put("status", "queued")
                      .put("status_url", statusUrl));
            })
        .onFailure(ctx::fail);
  }

  private NewTask firstStep(
      String runId, WorkflowDefinitions.Workflow workflow, String leadId, RoutingContext ctx) {
    WorkflowDefinitions.Step step = workflow.steps().get(0);
    JsonObject payload =
        step.params().copy().put("workflow", workflow.name()).put("lead_id", leadId);
    return NewTask.withId(
            WorkflowDefinitions.stepTaskId(runId, 0, step.name()),
            step.type(),
            payload,
            maxAttempts)
        .withRequestId(RequestIds.of(ctx))
        .inWorkflow(runId, step.name());
  }

  public void status(RoutingContext ctx) {
    String runId = runId(ctx);
    statusOf(runId)
        .onSuccess(
            status -> {
              if (status == null) {
                ctx.fail(ProblemException.notFound("No workflow run with id " + runId));
              } else {
                Responses.json(ctx, 200, status);
              }
            })
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> statusOf(String runId) {
    return store
        .run(runId)
        .compose(
            run ->
                run == null
                    ? Future.succeededFuture(null)
                    : store
                        .steps(runId, new JsonArray(run.getString("steps")))
                        .map(steps -> WorkflowStatus.of(run, steps)));
  }

  public void list(RoutingContext ctx) {
    String status = ctx.queryParams().get("status");
    List<FieldError> errors = new ArrayList<>();
    if (status != null && !RUN_STATES.contains(status)) {
      errors.add(new FieldError("status", "expected one of " + new TreeSet<>(RUN_STATES)));
    }
    Integer limit = PageLimits.parse(ctx.queryParams().get("limit"));
    if (limit == null) {
      errors.add(PageLimits.error());
    }
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !TaskIds.isValid(cursor)) {
      errors.add(new FieldError("cursor", "not a cursor returned by this endpoint"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Future<Long> start =
        cursor == null
            ? Future.succeededFuture(0L)
            : store
                .rankOf(cursor)
                .map(
                    rank -> {
                      if (rank == null) {
                        throw ProblemException.invalid(
                            "cursor", "the run this cursor points at is gone; start again");
                      }
                      return rank + 1;
                    });
    start
        .compose(rank -> collect(rank, status, limit, new JsonArray(), 0))
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> collect(
      long rank, String status, int limit, JsonArray found, int scanned) {
    int chunk = Math.min(100, limit * 2);
    return store
        .newestFrom(rank, chunk)
        .compose(
            ids -> {
              List<Future<JsonObject>> reads = ids.stream().map(this::statusOf).toList();
              return Future.all(new ArrayList<>(reads))
                  .compose(
                      all -> {
                        for (int i = 0; i < ids.size(); i++) {
                          JsonObject run = reads.get(i).result();
                          if (run != null
                              && (status == null || status.equals(run.getString("status")))) {
                            found.add(run);
                            if (found.size() == limit) {
                              return Future.succeededFuture(
                                  new JsonObject()
                                      .put("items", found)
                                      .put(
                                          "next_cursor",
                                          i + 1 < ids.size() || ids.size() == chunk
                                              ? ids.get(i)
                                              : null));
                            }
                          }
                        }
                        if (ids.size() < chunk || scanned + ids.size() >= LIST_SCAN_LIMIT) {
                          String next = ids.size() == chunk ? ids.get(ids.size() - 1) : null;
                          return Future.succeededFuture(
                              new JsonObject().put("items", found).put("next_cursor", next));
                        }
                        return collect(
                            rank + ids.size(), status, limit, found, scanned + ids.size());
                      });
            });
  }

  public void cancel(RoutingContext ctx) {
    String runId = runId(ctx);
    store
        .run(runId)
        .compose(
            run -> {
              if (run == null) {
                throw ProblemException.notFound("No workflow run with id " + runId);
              }
              JsonArray names = new JsonArray(run.getString("steps"));
              return store
                  .markCancelled(runId)
                  .compose(
                      marked -> {
                        List<Future<?>> cancels = new ArrayList<>();
                        for (int i = 0; i < names.size(); i++) {
                          cancels.add(
                              store
                                  .stepQueue(runId)
                                  .cancel(
                                      WorkflowDefinitions.stepTaskId(
                                          runId, i, names.getString(i))));
                        }
                        return Future.all(cancels);
                      });
            })
        .compose(done -> statusOf(runId))
        .onSuccess(status -> Responses.json(ctx, 202, status))
        .onFailure(ctx::fail);
  }

  public void definitions(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    definitions.all().forEach(workflow -> items.add(workflow.toJson()));
    Responses.json(ctx, 200, new JsonObject().put("items", items));
  }

  private static String runId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("workflow id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  /** Mounts these routes, each with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps, LeadService leads) {
    WorkflowRoutes workflows =
        new WorkflowRoutes(
            deps.config().workflows(),
            new WorkflowStore(deps.redis(), deps.queues().defaultQueue()),
            leads,
            deps.config().queue().maxAttempts());
    routes
        .protectedRoute(POST, "/api/workflows", AGENT, workflows::trigger)
        .protectedRoute(POST, "/api/workflows/trigger", AGENT, workflows::trigger)
        .protectedRoute(GET, "/api/workflows", AGENT, workflows::list)
        .protectedRoute(GET, "/api/workflows/definitions", AGENT, workflows::definitions)
        .protectedRoute(GET, "/api/workflows/:id/status", AGENT, workflows::status)
        .protectedRoute(POST, "/api/workflows/:id/cancel", OPERATOR, workflows::cancel);
  }
}
