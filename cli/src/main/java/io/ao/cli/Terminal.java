package io.ao.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a command sees of the world: the environment, stdin, stdout, stderr, and whether a person is
 * at a terminal to be asked something. Tests give their own, so they can point the token file at a
 * temp dir and play stdin.
 */
public final class Terminal {

  /** Asks the person at the terminal; absent when stdin is not one. */
  public interface Prompter {
    String readLine(String prompt);

    char[] readPassword(String prompt);
  }

  private final Map<String, String> env;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Prompter prompter;

  public Terminal(
      Map<String, String> env,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Prompter prompter) {
    this.env = Map.copyOf(env);
    this.in = in;
    this.out = out;
    this.err = err;
    this.prompter = prompter;
  }

  /** The process's own streams and environment. */
  public static Terminal system() {
    Console console = System.console();
    Prompter prompter =
        !isTerminal(console)
            ? null
            : new Prompter() {
              @Override
              public String readLine(String prompt) {
                return console.readLine("%s", prompt);
              }

              @Override
              public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
              }
            };
    return new Terminal(System.getenv(), System.in, System.out, System.err, prompter);
  }

  /**
   * Up to Java 21 {@code System.console()} is null unless stdin and stdout are a terminal; from 22
   * on it may be a console over pipes too, and only {@code Console.isTerminal()} (new in 22, so
   * called reflectively here) tells.
   */
  private static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    if (Runtime.version().feature() < 22) {
      return true;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  public String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  /** The person at the terminal, or null when stdin is a pipe or a file. */
  public Prompter prompter() {
    return prompter;
  }

  /** The first line of stdin, without its line end; null at end of input. */
  public String readStdinLine() {
    try {
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    } catch (java.io.IOException e) {
      throw CliFailure.usage("cannot read stdin: " + e.getMessage());
    }
  }
}
