package io.ao.cli.commands;

import io.ao.cli.CliFailure;
import io.ao.cli.Terminal;

/**
 * The question before a change to many things at once: asked on a terminal, refused when stdin is
 * not one (a script must say --yes, so a pipe can never answer for it).
 */
final class Confirmation {

  private Confirmation() {}

  /** True when the person said yes; a usage failure when there is no one to ask. */
  static boolean confirmed(Terminal terminal, String question) {
    Terminal.Prompter prompter = terminal.prompter();
    if (prompter == null) {
      throw CliFailure.usage(
          "--all changes every matching dead letter: add --yes (stdin is not a terminal to ask)");
    }
    String answer = prompter.readLine(question + " [y/N] ");
    return answer != null
        && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
  }
}
