package io.ao.api.metrics;

import io.ao.shared.workflows.engine.Planner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The workflow engine's counters on the API side: expressions that failed where failing means "no"
 * (a trigger's {@code if}, a {@code cancel_if}, a wait_for tested at a lead write), and event
 * triggers skipped because the lead had an active run of a {@code unique: per_lead} workflow.
 */
public final class WorkflowCounters implements Planner.ExpressionErrors {

  private final MeterRegistry registry;

  public WorkflowCounters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void failed(String workflow, String where) {
    Counter.builder("ao_workflow_expression_errors_total")
        .description("Expressions that failed to evaluate and counted as not matching")
        .tag("workflow", workflow)
        .tag("where", where)
        .register(registry)
        .increment();
  }

  public void triggerSkipped(String workflow) {
    Counter.builder("ao_workflow_triggers_skipped_total")
        .description("Event triggers skipped: the lead had an active run of this unique workflow")
        .tag("workflow", workflow)
        .register(registry)
        .increment();
  }
}
