package io.ao.shared.workflows.expr;

/**
 * An expression could not give a boolean for one input: CEL's evaluation error (a missing map key,
 * no overload for the operands' types, such as {@code null > 5}) or a result that is not a bool.
 * Checked, because each caller has a rule for it: a step fails its run naming the step and this
 * message; a trigger or {@code cancel_if} counts as not matching.
 */
public final class ExpressionFailure extends Exception {

  public ExpressionFailure(String message) {
    super(message);
  }
}
