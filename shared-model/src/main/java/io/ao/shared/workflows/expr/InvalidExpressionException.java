package io.ao.shared.workflows.expr;

/**
 * A CEL source did not compile: a syntax error, an unknown variable or lead field, or a type that
 * cannot be a bool. The message is CEL's, short (no caret diagram, no stack trace), ready to put in
 * a 422 next to the field that held the source.
 */
public final class InvalidExpressionException extends RuntimeException {

  public InvalidExpressionException(String message) {
    super(message, null, false, false);
  }
}
