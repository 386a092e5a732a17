package io.ao.cli;

import io.ao.cli.commands.DeadCommand;
import io.ao.cli.commands.DefinitionsCommand;
import io.ao.cli.commands.LeadsCommand;
import io.ao.cli.commands.QueuesCommand;
import io.ao.cli.commands.RunsCommand;
import io.ao.cli.commands.TasksCommand;
import io.ao.cli.login.LoginCommand;
import io.ao.cli.login.LogoutCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ao} command: its subcommands, the options every one of them takes, and the one place
 * that turns a failure into an exit code and one line on stderr.
 */
@Command(
    name = "ao",
    mixinStandardHelpOptions = true,
    // every subcommand gets --help and --version
    scope = ScopeType.INHERIT,
    version = "ao 1.0.0 (Automation Orchestrator command line)",
    description = {
      "The Automation Orchestrator's queues, dead letters, workflow runs, definitions and leads,"
          + " through its HTTP API.",
      "Server: --url, else AO_URL, else the last 'ao login', else http://127.0.0.1:8080."
          + " Credentials: AO_API_KEY, else the token of 'ao login'."
    },
    subcommands = {
      LoginCommand.class,
      LogoutCommand.class,
      QueuesCommand.class,
      TasksCommand.class,
      DeadCommand.class,
      RunsCommand.class,
      DefinitionsCommand.class,
      LeadsCommand.class
    })
public final class Ao implements Callable<Integer> {

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "print the server's JSON (for scripts) instead of tables")
  boolean json;

  @Option(
      names = "--url",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description = "the API, e.g. http://127.0.0.1:8080 (overrides AO_URL)")
  String url;

  private final Terminal terminal;

  private Ao(Terminal terminal) {
    this.terminal = terminal;
  }

  public Terminal terminal() {
    return terminal;
  }

  public boolean jsonOutput() {
    return json;
  }

  public String urlOption() {
    return url;
  }

  @Override
  public Integer call() {
    throw CliFailure.usage("a command is required: ao --help lists them");
  }

  /** Every command's help ends with the exit codes. */
  private static void withExitCodes(CommandLine command) {
    command.getCommandSpec().usageMessage().footer(ExitCode.helpLines());
    command.getSubcommands().values().forEach(Ao::withExitCodes);
  }

  /** Runs {@code ao args}; the exit code. */
  public static int execute(String[] args, Terminal terminal) {
    CommandLine cli = new CommandLine(new Ao(terminal));
    withExitCodes(cli);
    cli.setOut(new PrintWriter(terminal.out(), true));
    cli.setErr(new PrintWriter(terminal.err(), true));
    cli.setParameterExceptionHandler(
        (e, given) -> {
          String help = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
          terminal.err().println("ao: " + e.getMessage() + " (see '" + help + "')");
          return ExitCode.USAGE.code();
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof CliFailure failure) {
            terminal.err().println("ao: " + failure.getMessage());
            return failure.exitCode().code();
          }
          // a bug of ao's own: still one line, with what it was
          terminal.err().println("ao: unexpected failure: " + e);
          return ExitCode.UNAVAILABLE.code();
        });
    return cli.execute(args);
  }
}
