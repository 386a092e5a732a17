package io.ao.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.worker.support.TestWorkerMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker with a wrong configuration or flag stops at once, saying what is wrong. */
class WorkerStartupTest {

  @Test
  void aWrongValueStopsTheWorkerWithExitCode2NamingTheKey() throws Exception {
    Result result = run(Map.of("AO_WORKER_CONCURRENCY", "-4"), "--queue", "default");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("worker.concurrency").doesNotContain("Exception");
  }

  @Test
  void aBrokenScoringRuleStopsTheWorkerWithExitCode2() throws Exception {
    Result result =
        run(
            Map.of("AO_SCORING_RULES", "[{\"field\":\"x\",\"when\":\"maybe\"}]"),
            "--queue",
            "default");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("scoring.rules[0].when").doesNotContain("Exception");
  }

  @Test
  void anUnknownFlagPrintsTheUsage() throws Exception {
    Result result = run(Map.of(), "--colour", "red");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output())
        .contains("unknown flag --colour")
        .contains("usage: java -jar task-worker.jar");
  }

  private record Result(int exit, String output) {}

  private static Result run(Map<String, String> env, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                TestWorkerMain.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("AO_"));
    builder.environment().put("AO_REDIS_URL", "redis://127.0.0.1:1");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
