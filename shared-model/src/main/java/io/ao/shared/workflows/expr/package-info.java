/**
 * Workflow expressions in CEL (cel-java): {@link io.ao.shared.workflows.expr.Expression} compiles a
 * source once and tests it against an {@link io.ao.shared.workflows.expr.ExpressionInput} many
 * times, from any thread.
 *
 * <p>The variables:
 *
 * <ul>
 *   <li>{@code lead}: every field of the API's Lead schema. Absent scalars are {@code null}, {@code
 *       tags} an empty list, {@code custom_fields} an empty map; times are int milliseconds. A
 *       field name not in the schema ({@code lead.nme}) fails at definition time.
 *   <li>{@code steps}: step name → {@code {"status": ..., "output": ...}}, typed {@code map(string,
 *       dyn)}. {@code steps.x} for a step {@code x} the definition lacks fails at definition time.
 * </ul>
 *
 * <p>Any other name fails to compile. Ints and doubles compare with each other ({@code lead.score >
 * 10.5}); JSON numbers that are integral are ints. Evaluation errors (a missing key, {@code null >
 * 5}, a result that is not a bool) are {@link io.ao.shared.workflows.expr.ExpressionFailure}s.
 */
package io.ao.shared.workflows.expr;
