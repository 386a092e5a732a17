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
import io.ao.shared.queue.TaskIds;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.DefinitionStore;
import io.ao.shared.workflows.engine.Engine;
import io.ao.shared.workflows.engine.Plan;
import io.ao.shared.workflows.engine.RunStart;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Workflow runs: start one for an inline lead or a lead id (202 with a status URL), read a run's
 * status with its steps, list runs (by lead, workflow, status), cancel one.
 */
public final class WorkflowRoutes {

  private static final Set<String> RUN_STATES =
      Set.of("queued", "running", "waiting", "succeeded", "failed", "cancelled");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

  private final Engine engine;
  private final WorkflowStore store;
  private final WorkflowRuns runs;
  private final LeadService leads;
  private final QueueGauges gauges;

  WorkflowRoutes(Engine engine, WorkflowStore store, LeadService leads, QueueGauges gauges) {
    this.engine = engine;
    this.store = store;
    this.runs = new WorkflowRuns(engine, store);
    this.leads = leads;
    this.gauges = gauges;
  }

  public void trigger(RoutingContext ctx) {
    JsonObject body = JsonBodies.objectOf(ctx);
    String name = TriggerRequest.workflowName(body);
    Future<TriggerRequest> request =
        (name != null && NAME.matcher(name).matches()
                ? engine.definitions().latest(name)
                : Future.<DefinitionStore.Stored>succeededFuture(null))
            .map(stored -> TriggerRequest.from(body, stored));
    String runId = UUID.randomUUID().toString();
    String requestId = RequestIds.of(ctx);
    request
        .compose(
            checked ->
                leadOf(checked, ctx, requestId)
                    .compose(leadId -> leads.get(leadId))
                    .compose(
                        lead ->
                            start(
                                checked.workflow(),
                                runId,
                                new JsonObject(lead.representationText()),
                                requestId)))
        .onSuccess(
            workflow -> {
              String statusUrl = "/api/workflows/" + runId + "/status";
              ctx.response().putHeader("Location", statusUrl);
              Responses.json(
                  ctx,
                  202,
                  new JsonObject()
                      .put("workflow_id", runId)
                      .put("workflow", workflow)
                      .put("status", "queued")
                      .put("status_url", statusUrl));
            })
        .onFailure(ctx::fail);
  }

  private Future<String> leadOf(TriggerRequest request, RoutingContext ctx, String requestId) {
    if (request.lead() != null) {
      return leads.createOrFind(
          request.lead(),
          Principal.of(ctx).map(Principal::username).orElse("anonymous"),
          requestId);
    }
    return leads
        .exists(request.leadId())
        .map(
            found -> {
              if (!found) {
                throw ProblemException.invalid("lead_id", "no lead with this id");
              }
              return request.leadId();
            });
  }

  /** Starts the run; 409 naming the active run when the workflow is unique per lead. */
  private Future<String> start(
      WorkflowDefinition definition, String runId, JsonObject lead, String requestId) {
    Plan plan = engine.planner().start(definition, runId, lead, requestId);
    return engine
        .scripts()
        .start(new RunStart(runId, definition, lead.getString("id"), requestId, "api", plan))
        .map(
            started -> {
              if (!started.started()) {
                throw new ProblemException(
                    409,
                    "Conflict",
                    "Workflow "
                        + definition.name()
                        + " is unique per lead, and this lead has an active run of it",
                    List.of(),
                    Map.of(),
                    Map.of("existing_id", started.existingRunId()));
              }
              if (plan.task() != null) {
                gauges.enqueued(store.keys().queue().queue(), plan.task().type());
              }
              return definition.name();
            });
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

  /** GET /api/workflows?lead_id=&workflow=&status=&limit=&cursor= */
  public void list(RoutingContext ctx) {
    String status = ctx.queryParams().get("status");
    String workflow = ctx.queryParams().get("workflow");
    String leadId = ctx.queryParams().get("lead_id");
    List<FieldError> errors = new ArrayList<>();
    if (status != null && !RUN_STATES.contains(status)) {
      errors.add(new FieldError("status", "expected one of " + new TreeSet<>(RUN_STATES)));
    }
    if (workflow != null && !NAME.matcher(workflow).matches()) {
      errors.add(new FieldError("workflow", "expected a workflow name of [a-z0-9_], 1-64"));
    }
    if (leadId != null && !TaskIds.isValid(leadId)) {
      errors.add(new FieldError("lead_id", "expected a lead id"));
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
    String listing =
        leadId != null
            ? store.keys().runsOfLead(leadId)
            : workflow != null ? store.keys().runsOf(workflow) : store.keys().runs();
    Predicate<JsonObject> wanted =
        run ->
            (status == null || status.equals(run.getString("status")))
                && (workflow == null || workflow.equals(run.getString("workflow")));
    runs.page(listing, cursor, wanted, limit)
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  public void cancel(RoutingContext ctx) {
    String runId = runId(ctx);
    String by = Principal.of(ctx).map(Principal::username).orElse("api");
    engine
        .runs()
        .run(runId)
        .compose(
            run -> {
              if (run == null) {
                throw ProblemException.notFound("No workflow run with id " + runId);
              }
              return engine.scripts().cancel(runId, "cancelled by " + by);
            })
        .compose(done -> runs.status(runId))
        .onSuccess(status -> Responses.json(ctx, 202, status))
        .onFailure(ctx::fail);
  }

  private static String runId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.isValid(id)) {
      throw ProblemException.badRequest("workflow id must be 1-128 characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  /** Mounts these routes and the definitions', each with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps, LeadService leads) {
    Engine engine = deps.engine();
    WorkflowStore store =
        new WorkflowStore(deps.redis(), engine.keys(), deps.queues().defaultQueue().home());
    WorkflowRoutes workflows = new WorkflowRoutes(engine, store, leads, deps.gauges());
    DefinitionRoutes.mount(routes, engine);
    routes
        .protectedRoute(POST, "/api/workflows", AGENT, workflows::trigger)
        .protectedRoute(POST, "/api/workflows/trigger", AGENT, workflows::trigger)
        .protectedRoute(GET, "/api/workflows", AGENT, workflows::list)
        .protectedRoute(GET, "/api/workflows/:id/status", AGENT, workflows::status)
        .protectedRoute(POST, "/api/workflows/:id/cancel", OPERATOR, workflows::cancel);
  }
}
