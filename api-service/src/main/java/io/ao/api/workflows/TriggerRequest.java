package io.ao.api.workflows;

import io.ao.api.http.JsonFields;
import io.ao.shared.queue.TaskIds;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.DefinitionStore;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The body of POST /api/workflows, checked: an enabled workflow definition, and either an inline
 * lead (an object) or the id of a stored one. Every problem is reported at once, by field.
 */
record TriggerRequest(WorkflowDefinition workflow, JsonObject lead, String leadId) {

  private static final Set<String> FIELDS = Set.of("workflow", "lead", "lead_id");

  /** The workflow name the body asks for, if it is a string (to look the definition up first). */
  static String workflowName(JsonObject body) {
    return body.getValue("workflow") instanceof String name ? name : null;
  }

  /** {@code stored}: the latest version of the named definition, or null when there is none. */
  static TriggerRequest from(JsonObject body, DefinitionStore.Stored stored) {
    JsonFields fields = new JsonFields(body, FIELDS);
    String name = fields.string("workflow", true, 0, Integer.MAX_VALUE);
    if (name != null && stored == null) {
      fields.fail("workflow", "no workflow definition with this name");
    } else if (name != null && !stored.enabled()) {
      fields.fail("workflow", "this workflow definition is disabled");
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
    return new TriggerRequest(stored.definition(), (JsonObject) lead, (String) leadId);
  }
}
