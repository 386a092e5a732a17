package io.ao.shared.workflows.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A CEL expression of a workflow definition ({@code if}, {@code wait_for}, {@code trigger.if},
 * {@code cancel_if}), compiled and type-checked once when the definition is read, then evaluated
 * many times, from any thread, concurrently.
 *
 * <p>The variables are {@code lead} (the Lead schema's fields; an unknown field fails to compile)
 * and {@code steps} (step name → {@code {"status", "output"}}); any other name fails to compile.
 * See {@link ExpressionEnvironment} for the functions and options.
 *
 * <p>Two expressions are equal when their sources are.
 */
public final class Expression {

  /** Longer than any condition a person writes; bounds what a definition makes us compile. */
  public static final int MAX_LENGTH = 4_000;

  private static final Pattern INPUT_POSITION = Pattern.compile("<input>:(\\d+)");

  private final String source;
  private final CelRuntime.Program program;
  private final Set<String> stepReferences;
  private final boolean usesSteps;

  private Expression(String source, CelAbstractSyntaxTree ast, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
    Set<String> referenced = new TreeSet<>();
    boolean steps = false;
    for (CelNavigableExpr node :
        (Iterable<CelNavigableExpr>) CelNavigableAst.fromAst(ast).getRoot().allNodes()::iterator) {
      CelExpr expr = node.expr();
      if (isStepsVariable(ast, expr)) {
        steps = true;
      }
      switch (expr.getKind()) {
        case SELECT -> {
          if (isStepsVariable(ast, expr.select().operand())) {
            referenced.add(expr.select().field());
          }
        }
        case CALL -> {
          if (expr.call().function().equals("_[_]")
              && expr.call().args().size() == 2
              && isStepsVariable(ast, expr.call().args().get(0))
              && expr.call().args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
              && expr.call().args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            referenced.add(expr.call().args().get(1).constant().stringValue());
          }
        }
        default -> {}
      }
    }
    this.stepReferences = Collections.unmodifiableSet(referenced);
    this.usesSteps = steps;
  }

  /**
   * Parses and type-checks {@code source}.
   *
   * @throws InvalidExpressionException with CEL's message(s) and their positions
   */
  public static Expression compile(String source) {
    if (source == null || source.isBlank()) {
      throw new InvalidExpressionException("expected a CEL expression, got an empty one");
    }
    if (source.length() > MAX_LENGTH) {
      throw new InvalidExpressionException(
          "expected a CEL expression of at most " + MAX_LENGTH + " characters");
    }
    try {
      CelAbstractSyntaxTree ast = ExpressionEnvironment.CEL.compile(source).getAst();
      return new Expression(source, ast, ExpressionEnvironment.CEL.createProgram(ast));
    } catch (CelValidationException e) {
      throw new InvalidExpressionException(describe(e));
    } catch (CelEvaluationException e) {
      // createProgram: the checked AST refers to something the runtime lacks
      throw new InvalidExpressionException(clean(e.getMessage()));
    }
  }

  public String source() {
    return source;
  }

  /**
   * The step names this expression reads as {@code steps.name} or {@code steps['name']}, for the
   * definition to check that each names one of its steps. A computed key is not in here.
   */
  public Set<String> stepReferences() {
    return stepReferences;
  }

  /** Whether the expression reads {@code steps} at all. */
  public boolean usesSteps() {
    return usesSteps;
  }

  /**
   * Evaluates the expression.
   *
   * @throws ExpressionFailure CEL's evaluation error (e.g. a missing key, no overload for {@code
   *     null > 5}), or the result was not a bool
   */
  public boolean test(ExpressionInput input) throws ExpressionFailure {
    Object result;
    try {
      result = program.eval(input.variables());
    } catch (CelEvaluationException e) {
      throw new ExpressionFailure(clean(e.getMessage()));
    } catch (RuntimeException e) {
      // the library's own bugs on odd input must not escape as anything but a failed evaluation
      throw new ExpressionFailure("evaluation error: " + e);
    }
    if (result instanceof Boolean bool) {
      return bool;
    }
    throw new ExpressionFailure("expected a bool result, got " + typeName(result));
  }

  private static String typeName(Object value) {
    if (value instanceof Long || value instanceof Double) {
      return (value instanceof Long ? "int " : "double ") + value;
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof List<?>) {
      return "list";
    }
    if (value instanceof Map<?, ?>) {
      return "map";
    }
    return value == null || value instanceof NullValue ? "null" : value.getClass().getSimpleName();
  }

  private static boolean isStepsVariable(CelAbstractSyntaxTree ast, CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.IDENT
        && ast.getReference(expr.id()).map(CelReference::name).filter("steps"::equals).isPresent();
  }

  private static String describe(CelValidationException e) {
    return e.getErrors().stream().map(Expression::describe).collect(Collectors.joining("; "));
  }

  private static String describe(CelIssue issue) {
    String message = issue.getMessage();
    if (message.startsWith("undeclared reference to")) {
      message =
          "names an unknown variable or function: "
              + message
              + "; the variables are lead and steps";
    }
    int line = issue.getSourceLocation().getLine();
    int column = issue.getSourceLocation().getColumn();
    if (line <= 0) {
      return message;
    }
    return message
        + " (at "
        + (line == 1 ? "" : "line " + line + ", ")
        + "column "
        + (column + 1)
        + ")";
  }

  /** "evaluation error at &lt;input&gt;:5: ..." → "evaluation error at offset 5: ...". */
  private static String clean(String message) {
    if (message == null) {
      return "evaluation error";
    }
    return INPUT_POSITION.matcher(message).replaceAll("offset $1");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Expression that && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
