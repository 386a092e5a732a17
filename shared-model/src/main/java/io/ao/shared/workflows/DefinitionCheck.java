package io.ao.shared.workflows;

import io.ao.shared.leads.FieldProblem;
import java.util.List;

/**
 * What {@link WorkflowDefinition#parse} found: the definition, or (never both) the problems that
 * keep it from running, each naming its field like {@code steps[3].if}; at most {@value
 * WorkflowDefinition#MAX_PROBLEMS}.
 */
public record DefinitionCheck(WorkflowDefinition definition, List<FieldProblem> problems) {

  public DefinitionCheck {
    problems = List.copyOf(problems);
    if ((definition == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("either a definition or problems");
    }
  }

  static DefinitionCheck of(WorkflowDefinition definition) {
    return new DefinitionCheck(definition, List.of());
  }

  static DefinitionCheck of(List<FieldProblem> problems) {
    return new DefinitionCheck(null, problems);
  }

  public boolean ok() {
    return definition != null;
  }
}
