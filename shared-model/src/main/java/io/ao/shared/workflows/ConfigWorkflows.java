package io.ao.shared.workflows;

import io.ao.shared.config.ConfigProblem;
import io.ao.shared.config.InvalidConfigException;
import io.ao.shared.leads.FieldProblem;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The config's {@code workflows} section as definitions: a map of name → definition without its
 * name ({@code {description, trigger?, cancel_if?, unique?, steps}}), each read by {@link
 * WorkflowDefinition#parse}. These seed version 1 of each definition at first start.
 */
public final class ConfigWorkflows {

  private ConfigWorkflows() {}

  /**
   * @param taskTypes the task types a worker runs
   * @throws InvalidConfigException with every problem of every definition, each naming its key like
   *     {@code workflows.lead_intake.steps[2].type}
   */
  public static List<WorkflowDefinition> read(JsonObject section, Set<String> taskTypes) {
    List<WorkflowDefinition> definitions = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    section.forEach(
        entry -> {
          String key = "workflows." + entry.getKey();
          if (!(entry.getValue() instanceof JsonObject value)) {
            problems.add(new ConfigProblem(key, "expected a workflow definition (an object)"));
            return;
          }
          JsonObject body = value.copy();
          Object name = body.getValue("name");
          if (name != null && !entry.getKey().equals(name)) {
            problems.add(new ConfigProblem(key + ".name", "differs from its key; leave it out"));
            return;
          }
          body.put("name", entry.getKey());
          DefinitionCheck check = WorkflowDefinition.parse(body, taskTypes);
          if (check.ok()) {
            definitions.add(check.definition());
            return;
          }
          for (FieldProblem problem : check.problems()) {
            problems.add(
                problem.field().equals("name")
                    ? new ConfigProblem(key, "a workflow name: " + problem.message())
                    : new ConfigProblem(key + "." + problem.field(), problem.message()));
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return List.copyOf(definitions);
  }
}
