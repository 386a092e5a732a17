package io.ao.shared.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. Carries every problem found, not just the first, so an operator
 * fixes them all in one round instead of one restart per typo.
 */
public final class InvalidConfigException extends RuntimeException {

  private final List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidConfigException(ConfigProblem problem) {
    this(List.of(problem));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    return problems.stream()
        .map(problem -> "  " + problem)
        .collect(Collectors.joining("\n", "Invalid configuration:\n", ""));
  }
}
