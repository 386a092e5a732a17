package io.ao.loadtest.cli;

import io.ao.loadtest.scenario.ScenarioCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code loadtest <scenario> [options]}: usage, help and errors are picocli's. With no scenario, or
 * with an option the scenario does not know, it prints what is wrong and the usage, exits 2 and
 * runs nothing; {@code --help} (or {@code -h}, or {@code help <scenario>}) prints the usage and
 * exits 0.
 */
@Command(
    name = "loadtest",
    synopsisSubcommandLabel = "<scenario> [OPTIONS]",
    description = {
      "Load tests for a running Automation Orchestrator stack (HTTP scenarios), its queue (jobs),"
          + " the workflow engine on a stack of its own (timers, lead-writes) and this box"
          + " (calibrate, startup).",
      "Each run writes its figures and report into a new folder of its own under --out.",
      "`loadtest <scenario> --help` lists a scenario's options and their defaults."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loadtest seed-mix --url http://127.0.0.1:8080 --users 50 --duration 600",
      "  loadtest writes --duration 60 --worker-metrics http://127.0.0.1:8081/metrics",
      "  loadtest jobs --redis redis://127.0.0.1:6390 --jobs 60000 --rate 1000",
      "  loadtest timers --waiting 1000000",
      "  loadtest lead-writes --definitions 20 --phases 3",
      "  loadtest seed-mix --help",
      "",
      "Exit codes: 0 done (or help shown), 1 the run failed, 2 a wrong command line (nothing ran)."
    })
public final class LoadTestCommand implements Runnable {

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  /** No scenario given: an invalid command line, like an unknown option. */
  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing a scenario: give one of "
            + String.join(
                ", ",
                spec.subcommands().keySet().stream()
                    .filter(name -> !"help".equals(name))
                    .toList()));
  }

  /** The command line, running what it parses with {@code launcher}. */
  public static CommandLine create(Launcher launcher) {
    CommandLine root = new CommandLine(new LoadTestCommand());
    for (String name : ScenarioCatalog.names()) {
      ScenarioCatalog.Entry entry = ScenarioCatalog.find(name);
      CommandLine scenario = new CommandLine(new HttpScenarioCommand(launcher));
      scenario.setDefaultValueProvider(HttpScenarioCommand.defaults(entry.defaults()));
      scenario.getCommandSpec().usageMessage().description(entry.summary());
      root.addSubcommand(name, scenario);
    }
    root.addSubcommand("jobs", new JobsCommand(launcher));
    root.addSubcommand("calibrate", new CalibrateCommand(launcher));
    root.addSubcommand("startup", new StartupCommand(launcher));
    root.addSubcommand("timers", new TimersCommand(launcher));
    root.addSubcommand("lead-writes", new LeadWritesCommand(launcher));
    root.addSubcommand("help", new HelpCommand());
    root.setParameterExceptionHandler(LoadTestCommand::invalidInput);
    root.setExecutionExceptionHandler(
        (failure, commandLine, parsed) -> {
          PrintWriter err = commandLine.getErr();
          err.println("loadtest " + commandLine.getCommandName() + " failed: " + describe(failure));
          err.flush();
          return 1;
        });
    return root;
  }

  /**
   * What is wrong, the suggestions for a misspelt option (if any), then the usage of the command it
   * was given to: always the usage, unlike picocli's default, which leaves it out when it has a
   * suggestion.
   */
  private static int invalidInput(ParameterException invalid, String[] args) {
    CommandLine commandLine = invalid.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(invalid.getMessage());
    UnmatchedArgumentException.printSuggestions(invalid, err);
    err.println();
    commandLine.usage(err);
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The message of a failure and its causes, without the stack trace. */
  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if ((cause instanceof ExecutionException || cause instanceof CompletionException)
          && cause.getCause() != null) {
        continue; // a wrapper: its message is its cause's toString()
      }
      String line =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      if (text.indexOf(line) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(line);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }

  /** The command line as typed, for the run's folder. */
  static List<String> typed(CommandSpec spec) {
    return spec.root().commandLine().getParseResult().originalArgs();
  }
}
