package io.ao.shared.workflows;

import io.ao.shared.config.ConfigProblem;
import io.ao.shared.config.InvalidConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The workflows of the {@code workflows} config section: a name, a description and an ordered list
 * of steps, each a task type with its own parameters (e.g. an email template).
 */
public final class WorkflowDefinitions {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

  /** One step: its name within the workflow, the task type that runs it, and its parameters. */
  public record Step(String name, String type, JsonObject params) {}

  public record Workflow(String name, String description, List<Step> steps) {

    public JsonObject toJson() {
      JsonArray steps = new JsonArray();
      this.steps.forEach(
          step ->
              steps.add(step.params().copy().put("name", step.name()).put("type", step.type())));
      return new JsonObject().put("name", name).put("description", description).put("steps", steps);
    }
  }

  private final Map<String, Workflow> byName = new LinkedHashMap<>();

  /**
   * Reads and checks the section.
   *
   * @throws InvalidConfigException naming the key of the first malformed definition
   */
  public WorkflowDefinitions(JsonObject section) {
    section.forEach(
        entry -> {
          String name = entry.getKey();
          if (!NAME.matcher(name).matches()
              || !(entry.getValue() instanceof JsonObject definition)) {
            throw malformed("workflows." + name, "an object under a name of [a-z0-9_]");
          }
          JsonArray steps = definition.getJsonArray("steps");
          if (steps == null || steps.isEmpty()) {
            throw malformed("workflows." + name + ".steps", "at least one step");
          }
          List<Step> parsed = new ArrayList<>();
          for (int i = 0; i < steps.size(); i++) {
            JsonObject step = steps.getJsonObject(i);
            String stepName = step.getString("name");
            String type = step.getString("type");
            if (stepName == null || !NAME.matcher(stepName).matches() || type == null) {
              throw malformed("workflows." + name + ".steps[" + i + "]", "a name and a type");
            }
            JsonObject params = step.copy();
            params.remove("name");
            params.remove("type");
            parsed.add(new Step(stepName, type, params));
          }
          byName.put(
              name,
              new Workflow(name, definition.getString("description", ""), List.copyOf(parsed)));
        });
  }

  private static InvalidConfigException malformed(String key, String expectation) {
    return new InvalidConfigException(new ConfigProblem(key, "expected " + expectation));
  }

  public Optional<Workflow> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<Workflow> all() {
    return List.copyOf(byName.values());
  }

  /** Task id of step {@code index}: deterministic, so enqueueing a step twice is a no-op. */
  public static String stepTaskId(String workflowId, int index, String stepName) {
    return workflowId + "." + index + "." + stepName;
  }
}
