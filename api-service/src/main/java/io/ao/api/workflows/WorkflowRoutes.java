package io.ao.api.workflows;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.auth.Principal;
import io.ao.api.http.FieldError;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.PageLimits;
import io.ao.api.http.ProblemException;
import io.ao.api.http.RequestIds;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.api.leads.LeadService;
import io.ao.api.metrics.QueueGauges;
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

  private final WorkflowDefinitions definitions;
  private final WorkflowStore store;
  private final WorkflowRuns runs;
  private final LeadService leads;
  private final int maxAttempts;
  private final QueueGauges gauges;

  public WorkflowRoutes(
      WorkflowDefinitions definitions,
      WorkflowStore store,
      LeadService leads,
      int maxAttempts,
      QueueGauges gauges) {
    this.gauges = gauges;
    this.definitions = definitions;
    this.store = store;
    this.runs = new WorkflowRuns(store);
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
            ? leads.createOrFind(
                (JsonObject) lead, Principal.of(ctx).map(Principal::username).orElse("anonymous"))
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
            id -> {
              NewTask first = firstStep(runId, chosen, id, ctx);
              return store
                  .start(runId, chosen, id, RequestIds.of(ctx), first)
                  .onSuccess(
                      started ->
                          gauges.enqueued(store.stepQueue(runId).keys().queue(), first.type()));
            })
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
    runs.status(runId)
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
    runs.page(cursor, status, limit)
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
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
                                  .operations()
                                  .cancel(
                                      WorkflowDefinitions.stepTaskId(
                                          runId, i, names.getString(i))));
                        }
                        return Future.all(cancels);
                      });
            })
        .compose(done -> runs.status(runId))
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
            deps.config().queue().maxAttempts(),
            deps.gauges());
    routes
        .protectedRoute(POST, "/api/workflows", AGENT, workflows::trigger)
        .protectedRoute(POST, "/api/workflows/trigger", AGENT, workflows::trigger)
        .protectedRoute(GET, "/api/workflows", AGENT, workflows::list)
        .protectedRoute(GET, "/api/workflows/definitions", AGENT, workflows::definitions)
        .protectedRoute(GET, "/api/workflows/:id/status", AGENT, workflows::status)
        .protectedRoute(POST, "/api/workflows/:id/cancel", OPERATOR, workflows::cancel);
  }
}
