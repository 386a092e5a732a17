package io.ao.loadtest.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of option values, each failing as an invalid command line (the message, the usage,
 * exit 2) before anything runs.
 */
final class Checks {

  private final CommandSpec spec;

  Checks(CommandSpec spec) {
    this.spec = spec;
  }

  int atLeast(String option, int value, int least) {
    if (value < least) {
      throw invalid(option + ": expected at least " + least + ", got " + value);
    }
    return value;
  }

  double positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(option + ": expected a number above 0, got " + value);
    }
    return value;
  }

  double notNegative(String option, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw invalid(option + ": expected 0 or more, got " + value);
    }
    return value;
  }

  ParameterException invalid(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
