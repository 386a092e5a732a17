package io.ao.shared.workflows.engine;

import io.ao.shared.workflows.Uniqueness;
import io.ao.shared.workflows.WorkflowDefinition;
import io.vertx.core.json.JsonObject;

/**
 * A run to start, as workflow_lib.lua's {@code wf_start} takes it: which definition version, for
 * which lead (or none), what started it ({@code api}, {@code lead.created}, {@code lead.updated},
 * {@code schedule}) and its first plan.
 */
public record RunStart(
    String runId,
    WorkflowDefinition definition,
    String leadId,
    String requestId,
    String trigger,
    Plan plan) {

  public JsonObject toJson(String queue) {
    return new JsonObject()
        .put("run", runId)
        .put("workflow", definition.name())
        .put("version", definition.version())
        .put("lead", leadId == null ? "" : leadId)
        .put("request_id", requestId == null ? "" : requestId)
        .put("trigger", trigger)
        .put("unique", definition.unique() == Uniqueness.PER_LEAD)
        .put("plan", plan.toJson(queue));
  }
}
