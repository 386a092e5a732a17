/**
 * Workflows: what the keys of a run are ({@link io.ao.shared.workflows.WorkflowKeys}), the config's
 * fixed step chains ({@link io.ao.shared.workflows.WorkflowDefinitions}, being replaced), and the
 * engine's model of a workflow as versioned data.
 *
 * <h2>The definition model</h2>
 *
 * <p>A {@link io.ao.shared.workflows.WorkflowDefinition} is a name, a description, a version, an
 * optional {@link io.ao.shared.workflows.Trigger} (a lead event with an optional condition, or a
 * cron {@link io.ao.shared.workflows.Trigger.Schedule schedule} in a time zone), an optional {@code
 * cancel_if} expression, a {@link io.ao.shared.workflows.Uniqueness} and 1-100 {@link
 * io.ao.shared.workflows.Step steps}. A run enters the first step and moves on:
 *
 * <ul>
 *   <li>a <b>task</b> ({@code type} + parameters) runs a worker task, then goes to {@code next} or
 *       the following step in the list;
 *   <li>a <b>wait</b> ({@code wait}: {@code PT1S}..{@code P365D}, days/hours/minutes/seconds only)
 *       sleeps durably, then {@code next} or the following step;
 *   <li>a <b>condition</b> ({@code if}, {@code then}, {@code else}) branches;
 *   <li>a <b>wait_for</b> ({@code wait_for}, {@code timeout}, {@code on_timeout}, {@code next}?)
 *       waits for a lead write that makes its condition true, or its timeout;
 *   <li>an <b>end</b> ({@code end: true}) finishes the run with success, as does running off the
 *       end of the list.
 * </ul>
 *
 * <p>{@link io.ao.shared.workflows.WorkflowDefinition#parse} is the one way in from JSON (the API's
 * body, or the config's {@code workflows} section through {@link
 * io.ao.shared.workflows.ConfigWorkflows}), and it refuses, field by field, what could not run:
 * duplicate names, jumps to no step, cycles, unreachable steps, unknown task types, expressions
 * that do not compile or name an unknown variable, lead field or step, durations out of range, bad
 * triggers. So the runtime never checks a definition again: {@link
 * io.ao.shared.workflows.WorkflowDefinition#successor} and {@link
 * io.ao.shared.workflows.Step.ConditionStep#branch} always land on a step.
 *
 * <p>Expressions are CEL ({@code io.ao.shared.workflows.expr}), compiled at parse time and
 * evaluated from any thread.
 */
package io.ao.shared.workflows;
