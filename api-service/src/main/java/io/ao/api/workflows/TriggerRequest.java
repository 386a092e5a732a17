package io.ao.api.workflows;

import io.ao.api.http.FieldError;
import io.ao.api.http.ProblemException;
import io.ao.shared.queue.TaskIds;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of POST /api/workflows, checked: a defined workflow, and either an inline lead (an
 * object) or the id of a stored one. Every problem is reported at once, by field.
 */
record TriggerRequest(WorkflowDefinitions.Workflow workflow, JsonObject lead, String leadId) {

  private static final Set<String> FIELDS = Set.of("workflow", "lead", "lead_id");

  static TriggerRequest from(JsonObject body, WorkflowDefinitions definitions) {
    List<FieldError> errors = new ArrayList<>();
    body.fieldNames().stream()
        .filter(name -> !FIELDS.contains(name))
        .sorted()
        .forEach(
            name ->
                errors.add(
                    new FieldError(name, "unknown field; allowed: " + new TreeSet<>(FIELDS))));
    Object name = body.getValue("workflow");
    WorkflowDefinitions.Workflow workflow = null;
    if (!(name instanceof String text)) {
      errors.add(new FieldError("workflow", name == null ? "is required" : "expected a string"));
    } else {
      workflow = definitions.find(text).orElse(null);
      if (workflow == null) {
        errors.add(
            new FieldError(
                "workflow",
                "unknown workflow; defined: "
                    + definitions.all().stream().map(WorkflowDefinitions.Workflow::name).toList()));
      }
    }
    Object lead = body.getValue("lead");
    Object leadId = body.getValue("lead_id");
    if ((lead == null) == (leadId == null)) {
      errors.add(new FieldError("lead", "give either lead (an object) or lead_id, not both"));
    } else if (lead != null && !(lead instanceof JsonObject)) {
      errors.add(new FieldError("lead", "expected an object"));
    } else if (leadId != null && !(leadId instanceof String id && TaskIds.isValid(id))) {
      errors.add(new FieldError("lead_id", "expected a lead id"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return new TriggerRequest(workflow, (JsonObject) lead, (String) leadId);
  }
}
