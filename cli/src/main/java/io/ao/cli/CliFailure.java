package io.ao.cli;

/**
 * A command that cannot finish: its exit code and the one line that {@code ao} prints on stderr
 * (never a stack trace).
 */
public final class CliFailure extends RuntimeException {

  private final ExitCode exitCode;

  public CliFailure(ExitCode exitCode, String line) {
    super(line, null, false, false);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static CliFailure usage(String line) {
    return new CliFailure(ExitCode.USAGE, line);
  }
}
