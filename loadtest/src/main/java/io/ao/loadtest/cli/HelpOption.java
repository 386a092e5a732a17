package io.ao.loadtest.cli;

import picocli.CommandLine.Option;

/** {@code -h} / {@code --help} on every command: its usage on stdout, exit 0, nothing run. */
final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this help and exit.")
  boolean help;
}
