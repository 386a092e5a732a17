package io.ao.cli.support;

import io.ao.cli.Ao;
import io.ao.cli.Terminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code ao} in the test's JVM, as its main would, with an environment of the test's own (the
 * token file under a temp dir, never the user's), stdin given as text, and, when the test plays a
 * person at a terminal, scripted answers to its questions.
 */
public final class AoRunner {

  /** What a run of {@code ao} did: its exit code, stdout and stderr. */
  public record Result(int exitCode, String out, String err) {
    /** stderr's lines: an error is exactly one. */
    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private String stdin = "";
  private Deque<String> answers;

  public AoRunner(Path configHome) {
    env.put("XDG_CONFIG_HOME", configHome.toString());
  }

  public AoRunner env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  public AoRunner stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** A terminal whose person gives these answers in turn (then nothing). */
  public AoRunner atTerminal(String... replies) {
    this.answers = new ArrayDeque<>(List.of(replies));
    return this;
  }

  /** Stdin is a pipe again: nobody to ask. */
  public AoRunner notAtTerminal() {
    this.answers = null;
    return this;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal.Prompter prompter = answers == null ? null : new Scripted(answers);
    Terminal terminal =
        new Terminal(
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            prompter);
    int code = Ao.execute(args, terminal);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Scripted(Deque<String> answers) implements Terminal.Prompter {
    @Override
    public String readLine(String prompt) {
      return answers.poll();
    }

    @Override
    public char[] readPassword(String prompt) {
      String answer = answers.poll();
      return answer == null ? null : answer.toCharArray();
    }
  }
}
