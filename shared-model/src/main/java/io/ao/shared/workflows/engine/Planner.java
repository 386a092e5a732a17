package io.ao.shared.workflows.engine;

import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.Step;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.expr.Expression;
import io.ao.shared.workflows.expr.ExpressionFailure;
import io.ao.shared.workflows.expr.ExpressionInput;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Works out where a run goes, from its pinned definition, the steps it has done and its lead as
 * stored: through conditions (CEL, on the lead and the steps' outputs) and wait_for steps whose
 * condition already holds, to the next task, wait or end. Pure: the caller applies the plan in one
 * script, which refuses it if the run or the lead moved meanwhile.
 *
 * <p>The definition's {@code cancel_if} is checked at every step entered, so a lead that became
 * "lost" stops its run at the next step even if the write that changed it raced with the step.
 */
public final class Planner {

  /** Counts an expression that failed where failing counts as "no" (cancel_if, a trigger). */
  public interface ExpressionErrors {
    void failed(String workflow, String where);
  }

  private final int maxAttempts;
  private final LongSupplier clock;
  private final ExpressionErrors errors;

  public Planner(int maxAttempts, LongSupplier clock, ExpressionErrors errors) {
    this.maxAttempts = maxAttempts;
    this.clock = clock;
    this.errors = errors;
  }

  /** A new run's first steps. {@code lead}: the lead as stored, or null for a run without one. */
  public Plan start(
      WorkflowDefinition definition, String runId, JsonObject lead, String requestId) {
    return walk(
        definition,
        runId,
        Optional.of(definition.first()),
        lead,
        stepsInput(definition, new JsonObject()),
        requestId,
        new Plan.Walk());
  }

  /**
   * The expressions' {@code steps}: every step of the definition, those not entered yet as {@code
   * pending} with no output ({@code entered}: name → {"status", "output"} of the steps entered).
   */
  public static JsonObject stepsInput(WorkflowDefinition definition, JsonObject entered) {
    JsonObject steps = new JsonObject();
    for (Step step : definition.steps()) {
      JsonObject state = entered.getJsonObject(step.name());
      steps.put(
          step.name(),
          state != null ? state : new JsonObject().put("status", "pending").putNull("output"));
    }
    return steps;
  }

  /**
   * The run's current step is done with {@code output} (a task's result; null for a wait): the
   * steps that follow it.
   */
  public Plan advance(
      WorkflowDefinition definition, RunSnapshot run, JsonObject lead, JsonObject output) {
    Step closed =
        definition
            .step(run.current())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "run "
                            + run.id()
                            + " is at step "
                            + run.current()
                            + ", not in the definition"));
    JsonObject steps = stepsInput(definition, run.expressionSteps());
    steps.put(closed.name(), new JsonObject().put("status", "succeeded").put("output", output));
    Optional<Step> next =
        closed instanceof Step.WaitForStep waitFor && !run.resumed().equals(closed.name())
            ? definition.step(waitFor.onTimeout())
            : definition.successor(closed);
    return walk(
        definition,
        run.id(),
        next,
        lead,
        steps,
        run.fields().getOrDefault("request_id", ""),
        new Plan.Walk());
  }

  /**
   * A run that cannot go on at {@code step} (its definition version is missing): it fails there.
   */
  public static Plan failure(String step, String message) {
    return new Plan.Walk().fail(step, "task", message);
  }

  /** The output a wait_for step closes with: whether it ended by its timeout. */
  public static JsonObject waitForOutput(RunSnapshot run) {
    return new JsonObject().put("timed_out", !run.resumed().equals(run.current()));
  }

  private Plan walk(
      WorkflowDefinition definition,
      String runId,
      Optional<Step> target,
      JsonObject lead,
      JsonObject steps,
      String requestId,
      Plan.Walk walk) {
    // a definition has no cycles and at most 100 steps (checked when it is written)
    for (int hops = 0; hops <= definition.steps().size(); hops++) {
      if (lead != null && cancelled(definition, lead, steps)) {
        return walk.cancel("cancel_if");
      }
      if (target.isEmpty()) {
        return walk.done();
      }
      Step step = target.get();
      String taskId = stepTaskId(runId, definition, step);
      ExpressionInput input = ExpressionInput.of(lead == null ? new JsonObject() : lead, steps);
      String leadId = lead == null ? "" : lead.getString("id", "");
      if (step instanceof Step.TaskStep task) {
        JsonObject payload =
            task.params().copy().put("workflow", definition.name()).put("lead_id", leadId);
        return walk.task(
            step.name(),
            NewTask.withId(taskId, task.type(), payload, maxAttempts)
                .withRequestId(requestId)
                .inWorkflow(runId, step.name()));
      }
      if (step instanceof Step.WaitStep wait) {
        return walk.wait(
            step.name(),
            Plan.Stop.WAIT,
            wake(taskId, definition, leadId, runId, step, requestId),
            clock.getAsLong() + wait.duration().toMillis());
      }
      if (step instanceof Step.EndStep) {
        return walk.end(step.name());
      }
      if (step instanceof Step.WaitForStep waitFor) {
        boolean holds;
        try {
          holds = waitFor.condition().test(input);
        } catch (ExpressionFailure e) {
          return walk.fail(step.name(), step.kind(), "wait_for: " + e.getMessage());
        }
        if (!holds) {
          return walk.wait(
              step.name(),
              Plan.Stop.WAIT_FOR,
              wake(taskId, definition, leadId, runId, step, requestId),
              clock.getAsLong() + waitFor.timeout().toMillis());
        }
        JsonObject output = new JsonObject().put("timed_out", false);
        walk.passed(step.name(), step.kind(), null, output);
        steps.put(step.name(), new JsonObject().put("status", "succeeded").put("output", output));
        target = definition.successor(step);
      } else {
        Step.ConditionStep condition = (Step.ConditionStep) step;
        boolean holds;
        try {
          holds = condition.condition().test(input);
        } catch (ExpressionFailure e) {
          return walk.fail(step.name(), step.kind(), "if: " + e.getMessage());
        }
        String branch = holds ? "then" : "else";
        walk.passed(step.name(), step.kind(), branch, null);
        steps.put(step.name(), new JsonObject().put("status", "succeeded").putNull("output"));
        target = definition.step(holds ? condition.then() : condition.otherwise());
      }
    }
    throw new IllegalStateException("definition " + definition.name() + " has a cycle");
  }

  private boolean cancelled(WorkflowDefinition definition, JsonObject lead, JsonObject steps) {
    Optional<Expression> cancelIf = definition.cancelIf();
    if (cancelIf.isEmpty()) {
      return false;
    }
    try {
      return cancelIf.get().test(ExpressionInput.of(lead, steps));
    } catch (ExpressionFailure e) {
      errors.failed(definition.name(), "cancel_if");
      return false;
    }
  }

  private NewTask wake(
      String taskId,
      WorkflowDefinition definition,
      String leadId,
      String runId,
      Step step,
      String requestId) {
    JsonObject payload =
        new JsonObject()
            .put("workflow", definition.name())
            .put("lead_id", leadId)
            .put("step", step.name());
    return NewTask.withId(taskId, TaskTypes.WORKFLOW_WAKE, payload, maxAttempts)
        .withRequestId(requestId)
        .inWorkflow(runId, step.name());
  }

  /**
   * The id of the task of step {@code step} in run {@code runId}: deterministic, so entering a step
   * twice is a no-op. A step is entered at most once per run (definitions have no cycles).
   */
  public static String stepTaskId(String runId, WorkflowDefinition definition, Step step) {
    return runId + "." + definition.steps().indexOf(step) + "." + step.name();
  }
}
