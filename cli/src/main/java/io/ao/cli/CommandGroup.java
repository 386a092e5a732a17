package io.ao.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code ao dead}): alone, a usage error naming them. */
public abstract class CommandGroup implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw CliFailure.usage(
        "'"
            + spec.qualifiedName()
            + "' needs one of: "
            + String.join(", ", spec.subcommands().keySet()));
  }
}
