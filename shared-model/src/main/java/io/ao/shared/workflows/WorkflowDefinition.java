package io.ao.shared.workflows;

import io.ao.shared.workflows.Step.ConditionStep;
import io.ao.shared.workflows.Step.EndStep;
import io.ao.shared.workflows.Step.TaskStep;
import io.ao.shared.workflows.Step.WaitForStep;
import io.ao.shared.workflows.Step.WaitStep;
import io.ao.shared.workflows.expr.Expression;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A workflow as data: what starts it ({@code trigger}, besides {@code POST /api/workflows}), what
 * stops it early ({@code cancelIf}, tested at each lead write), how many active runs a lead may
 * have ({@code unique}), and its steps, entered from the first. One version of it: a run pins the
 * version it started with. Only {@link #parse} makes one from outside input, and what it returns
 * can run: every jump lands on a step, no cycle, every step reachable, every expression compiled.
 *
 * @param version 0 until the definition is stored; then 1, 2, ...
 */
public record WorkflowDefinition(
    String name,
    String description,
    int version,
    Optional<Trigger> trigger,
    Optional<Expression> cancelIf,
    Uniqueness unique,
    List<Step> steps) {

  /** Steps a definition may have. */
  public static final int MAX_STEPS = 100;

  /** Problems one {@link #parse} reports at most. */
  public static final int MAX_PROBLEMS = 50;

  /** Characters a description may have. */
  public static final int MAX_DESCRIPTION = 500;

  public WorkflowDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(cancelIf, "cancelIf");
    Objects.requireNonNull(unique, "unique");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a definition has at least one step");
    }
  }

  /**
   * Reads and checks a definition in its wire form (API.md, "Workflow definitions and runs"): every
   * problem, each naming its field like {@code steps[3].if}, at most {@value #MAX_PROBLEMS}.
   *
   * @param taskTypes the task types a worker runs; a task step of any other type is a problem
   */
  public static DefinitionCheck parse(JsonObject body, Set<String> taskTypes) {
    return new DefinitionParser(taskTypes).parse(body);
  }

  /** The wire form, {@code version} included; {@link #parse} reads it back to an equal record. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("description", description);
    json.put("version", version);
    trigger.ifPresent(value -> json.put("trigger", value.toJson()));
    cancelIf.ifPresent(value -> json.put("cancel_if", value.source()));
    json.put("unique", unique.wire());
    JsonArray array = new JsonArray();
    steps.forEach(step -> array.add(step.toJson()));
    return json.put("steps", array);
  }

  /** This definition as stored version {@code n}. */
  public WorkflowDefinition withVersion(int n) {
    return new WorkflowDefinition(name, description, n, trigger, cancelIf, unique, steps);
  }

  public Optional<Step> step(String name) {
    return steps.stream().filter(step -> step.name().equals(name)).findFirst();
  }

  /** The position of a step in {@link #steps}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Where a run starts. */
  public Step first() {
    return steps.get(0);
  }

  /**
   * Where a run goes after {@code step} is done: its {@code next} if given, else the following step
   * in the list; empty when there is none or {@code step} is an end (the run succeeds). For a wait
   * for a lead change this is where it goes when the condition became true; on timeout it goes to
   * {@code onTimeout}.
   *
   * @throws IllegalArgumentException for a condition (it goes to {@code then} or {@code else}:
   *     {@link ConditionStep#branch}) or a step not of this definition
   */
  public Optional<Step> successor(Step step) {
    int index = indexOf(step.name());
    if (index < 0 || !steps.get(index).equals(step)) {
      throw new IllegalArgumentException("not a step of " + name + ": " + step.name());
    }
    Optional<String> next;
    if (step instanceof TaskStep task) {
      next = task.next();
    } else if (step instanceof WaitStep wait) {
      next = wait.next();
    } else if (step instanceof WaitForStep waitFor) {
      next = waitFor.next();
    } else if (step instanceof EndStep) {
      return Optional.empty();
    } else {
      throw new IllegalArgumentException(
          "a condition goes to then or else, not to a successor: " + step.name());
    }
    if (next.isPresent()) {
      return Optional.of(step(next.get()).orElseThrow());
    }
    return index + 1 < steps.size() ? Optional.of(steps.get(index + 1)) : Optional.empty();
  }
}
