package io.ao.shared.workflows.engine;

import io.ao.shared.workflows.Step;
import io.ao.shared.workflows.Trigger;
import io.ao.shared.workflows.Trigger.LeadEventType;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.expr.Expression;
import io.ao.shared.workflows.expr.ExpressionFailure;
import io.ao.shared.workflows.expr.ExpressionInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a lead write does to workflow runs, decided against the document as it will be stored: the
 * runs its triggers start, the active runs whose {@code cancel_if} now holds, and the runs waiting
 * for a lead change whose condition now holds. The lead's script applies all of it with the write,
 * in one step, after checking that neither the definitions (their epoch) nor the lead's active runs
 * (its {@code runs_seq}) moved since they were read here.
 *
 * <p>An expression that fails here counts as "no" and is counted: a broken trigger never fails or
 * holds up a lead write.
 */
public final class LeadWriteEffects {

  /** A run to cancel and why. */
  public record Cancel(String runId, String reason) {}

  /** The effects, as the lead scripts take them (workflow_lib.lua wf_lead_effects). */
  public record Effects(
      long epoch, List<RunStart> starts, List<Cancel> cancels, List<String> resumes) {

    public JsonObject toJson(String queue) {
      JsonArray starts = new JsonArray();
      this.starts.forEach(start -> starts.add(start.toJson(queue)));
      JsonArray cancels = new JsonArray();
      this.cancels.forEach(
          cancel ->
              cancels.add(
                  new JsonObject().put("run", cancel.runId()).put("reason", cancel.reason())));
      JsonObject json = new JsonObject();
      // Lua's cjson reads an empty JSON list as a table either way; leave empty ones out
      if (!starts.isEmpty()) {
        json.put("starts", starts);
      }
      if (!cancels.isEmpty()) {
        json.put("cancels", cancels);
      }
      if (!resumes.isEmpty()) {
        json.put("resumes", new JsonArray(resumes));
      }
      return json;
    }
  }

  private final EnabledDefinitions enabled;
  private final DefinitionStore definitions;
  private final RunReader runs;
  private final Planner planner;
  private final Planner.ExpressionErrors errors;
  private final Supplier<String> runIds;

  public LeadWriteEffects(
      EnabledDefinitions enabled,
      DefinitionStore definitions,
      RunReader runs,
      Planner planner,
      Planner.ExpressionErrors errors,
      Supplier<String> runIds) {
    this.enabled = enabled;
    this.definitions = definitions;
    this.runs = runs;
    this.planner = planner;
    this.errors = errors;
    this.runIds = runIds;
  }

  /** Forgets the cached definitions: the script found them stale. */
  public void definitionsMoved() {
    enabled.invalidate();
  }

  /**
   * The effects of writing {@code lead} (its representation as it will be stored, with id and
   * version), an {@code event} of the lead whose active runs are {@code active}.
   */
  public Future<Effects> of(
      LeadEventType event, JsonObject lead, List<ActiveRun> active, String requestId) {
    return enabled
        .current()
        .compose(
            snapshot -> {
              List<RunStart> starts = starts(snapshot, event, lead, requestId);
              if (active.isEmpty()) {
                return Future.succeededFuture(
                    new Effects(snapshot.epoch(), starts, List.of(), List.of()));
              }
              return onActive(lead, active)
                  .map(
                      changes ->
                          new Effects(snapshot.epoch(), starts, changes.cancels, changes.resumes));
            });
  }

  private List<RunStart> starts(
      EnabledDefinitions.Snapshot snapshot,
      LeadEventType event,
      JsonObject lead,
      String requestId) {
    List<RunStart> starts = new ArrayList<>();
    // a trigger's if sees the lead only: its variables are built once per write, not per
    // definition (converting the lead is most of an evaluation's cost)
    ExpressionInput leadOnly = null;
    for (WorkflowDefinition definition : snapshot.definitions()) {
      if (!(definition.trigger().orElse(null) instanceof Trigger.LeadEvent trigger)
          || trigger.on() != event) {
        continue;
      }
      if (trigger.condition().isPresent()) {
        leadOnly = leadOnly != null ? leadOnly : ExpressionInput.ofLead(lead);
        if (!holds(definition, "trigger.if", trigger.condition().get(), leadOnly)) {
          continue;
        }
      }
      String runId = runIds.get();
      starts.add(
          new RunStart(
              runId,
              definition,
              lead.getString("id"),
              requestId,
              event.wire(),
              planner.start(definition, runId, lead, requestId)));
    }
    return starts;
  }

  private record Changes(List<Cancel> cancels, List<String> resumes) {}

  /** An active run this write may cancel or resume, with its pinned definition. */
  private record Watched(ActiveRun run, WorkflowDefinition definition) {}

  private Future<Changes> onActive(JsonObject lead, List<ActiveRun> active) {
    List<Future<WorkflowDefinition>> pinned = new ArrayList<>();
    active.forEach(run -> pinned.add(definitions.version(run.workflow(), run.version())));
    return Future.all(new ArrayList<>(pinned))
        .compose(
            loaded -> {
              // only runs with a cancel_if, or waiting for the lead, can be changed by a write
              List<Watched> watched = new ArrayList<>();
              for (int i = 0; i < active.size(); i++) {
                WorkflowDefinition definition = pinned.get(i).result();
                if (definition != null
                    && (definition.cancelIf().isPresent()
                        || !active.get(i).waitingStep().isEmpty())) {
                  watched.add(new Watched(active.get(i), definition));
                }
              }
              return runs.runs(watched.stream().map(w -> w.run().runId()).toList())
                  .map(
                      snapshots -> {
                        Changes changes = new Changes(new ArrayList<>(), new ArrayList<>());
                        for (int i = 0; i < watched.size(); i++) {
                          decide(watched.get(i), snapshots.get(i), lead, changes);
                        }
                        return changes;
                      });
            });
  }

  /** Cancels the run when its cancel_if holds, else resumes it when its wait_for holds. */
  private void decide(Watched watched, RunSnapshot snapshot, JsonObject lead, Changes changes) {
    if (snapshot == null || snapshot.ended()) {
      return;
    }
    WorkflowDefinition definition = watched.definition();
    String runId = watched.run().runId();
    JsonObject steps = Planner.stepsInput(definition, snapshot.expressionSteps());
    Optional<Expression> cancelIf = definition.cancelIf();
    if (cancelIf.isPresent() && holds(definition, "cancel_if", cancelIf.get(), lead, steps)) {
      changes.cancels().add(new Cancel(runId, "cancel_if"));
    } else if (definition.step(watched.run().waitingStep()).orElse(null)
            instanceof Step.WaitForStep waitFor
        && waitFor.name().equals(snapshot.current())
        && holds(
            definition,
            "steps." + waitFor.name() + ".wait_for",
            waitFor.condition(),
            lead,
            steps)) {
      changes.resumes().add(runId);
    }
  }

  private boolean holds(
      WorkflowDefinition definition,
      String where,
      Expression expression,
      JsonObject lead,
      JsonObject steps) {
    return holds(definition, where, expression, ExpressionInput.of(lead, steps));
  }

  private boolean holds(
      WorkflowDefinition definition, String where, Expression expression, ExpressionInput input) {
    try {
      return expression.test(input);
    } catch (ExpressionFailure e) {
      errors.failed(definition.name(), where);
      return false;
    }
  }
}
