package io.ao.api.workflows;

import io.ao.api.http.JsonFields;
import io.ao.shared.queue.TaskIds;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The body of POST /api/workflows, checked: a defined workflow, and either an inline lead (an
 * object) or the id of a stored one. Every problem is reported at once, by field.
 */
record TriggerRequest(WorkflowDefinitions.Workflow workflow, JsonObject lead, String leadId) {

  private static final Set<String> FIELDS = Set.of("workflow", "lead", "lead_id");

  static TriggerRequest from(JsonObject body, WorkflowDefinitions definitions) {
    JsonFields fields = new JsonFields(body, FIELDS);
    String name = fields.string("workflow", true, 0, Integer.MAX_VALUE);
    WorkflowDefinitions.Workflow workflow = null;
    if (name != null) {
      workflow = definitions.find(name).orElse(null);
      if (workflow == null) {
        fields.fail(
            "workflow",
            "unknown workflow; defined: "
                + definitions.all().stream().map(WorkflowDefinitions.Workflow::name).toList());
      }
    }
    Object lead = body.getValue("lead");
    Object leadId = body.getValue("lead_id");
    if (lead == null && leadId == null) {
      fields.fail("lead", "is required: give lead (an object) or lead_id");
    } else if (lead != null && leadId != null) {
      fields.fail("lead", "give either lead (an object) or lead_id, not both");
    } else if (lead != null && !(lead instanceof JsonObject)) {
      fields.fail("lead", "expected an object");
    } else if (leadId != null && !(leadId instanceof String id && TaskIds.isValid(id))) {
      fields.fail("lead_id", "expected a lead id");
    }
    fields.validate();
    return new TriggerRequest(workflow, (JsonObject) lead, (String) leadId);
  }
}
