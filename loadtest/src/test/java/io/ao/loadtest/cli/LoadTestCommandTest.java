package io.ao.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: usage, help and refusals run nothing; valid lines run what they say. */
class LoadTestCommandTest {

  private final RecordingLauncher launcher = new RecordingLauncher();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = LoadTestCommand.create(launcher);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void noArgumentsPrintsTheUsageAndExits2WithoutRunning() {
    assertThat(execute()).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("Missing a scenario: give one of seed-mix, burst, reads, writes, jobs,")
        .contains("Usage: loadtest [-h] <scenario> [OPTIONS]")
        .contains("seed-mix", "burst", "reads", "writes", "jobs", "calibrate", "startup");
    assertThat(launcher.runs).isEmpty();
  }

  @Test
  void helpPrintsTheUsageOnStdoutAndExits0WithoutRunning() {
    for (String flag : List.of("--help", "-h")) {
      out.getBuffer().setLength(0);
      assertThat(execute(flag)).as(flag).isEqualTo(0);
      assertThat(out.toString())
          .as(flag)
          .startsWith("Usage: loadtest [-h] <scenario> [OPTIONS]")
          .contains("Commands:", "seed-mix", "writes", "jobs", "calibrate", "startup");
    }
    assertThat(err.toString()).isEmpty();
    assertThat(launcher.runs).isEmpty();
  }

  @Test
  void eachScenarioHasItsOwnHelpWithItsOwnDefaults() {
    assertThat(execute("seed-mix", "--help")).isEqualTo(0);
    String seedMix = out.toString();
    assertThat(seedMix)
        .startsWith("Usage: loadtest seed-mix [OPTIONS]")
        .contains("--url=URL", "Default: http://127.0.0.1:8080")
        .contains("--api-pid=PID", "--worker-metrics=URL", "--settle=S", "--check-workflows=N")
        .contains("--out=DIR", "Default: target/loadtest");
    assertThat(defaultOf(seedMix, "--users=N")).isEqualTo("50");
    assertThat(defaultOf(seedMix, "--think=MIN-MAX")).isEqualTo("0.5-1.5");
    assertThat(defaultOf(seedMix, "--auth=login|api-key")).isEqualTo("login");

    out.getBuffer().setLength(0);
    assertThat(execute("help", "reads")).isEqualTo(0);
    String reads = out.toString();
    assertThat(reads).startsWith("Usage: loadtest reads [OPTIONS]");
    assertThat(defaultOf(reads, "--users=N")).isEqualTo("32");
    assertThat(defaultOf(reads, "--auth=login|api-key")).isEqualTo("api-key");

    out.getBuffer().setLength(0);
    assertThat(execute("jobs", "-h")).isEqualTo(0);
    assertThat(out.toString()).contains("Usage: loadtest jobs [OPTIONS]", "--workers=N");
    assertThat(launcher.runs).isEmpty();
  }

  @Test
  void anUnknownOptionIsRefusedWithItsNameAndTheUsageAndNothingRuns() {
    assertThat(execute("seed-mix", "--password", "p", "--bogus", "1")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("Unknown options: '--bogus', '1'")
        .contains("Usage: loadtest seed-mix [OPTIONS]")
        .contains("--url=URL");
    assertThat(launcher.runs).isEmpty();

    // the flag that used to guess a process by its command line is gone, not ignored
    err.getBuffer().setLength(0);
    assertThat(execute("seed-mix", "--password", "p", "--watch", "api-service.jar")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Unknown options: '--watch', 'api-service.jar'");

    // a misspelling gets suggestions, and the usage all the same
    err.getBuffer().setLength(0);
    assertThat(execute("seed-mix", "--usrs", "5")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Possible solutions: --users")
        .contains("Usage: loadtest seed-mix");
    assertThat(launcher.runs).isEmpty();
  }

  @Test
  void anUnknownScenarioAMissingValueAndBadValuesAreRefused() {
    assertThat(execute("fly")).isEqualTo(2);
    assertThat(err.toString()).contains("'fly'").contains("Usage: loadtest");
    assertRefused("'--users'", "seed-mix", "--users");
    assertRefused(
        "--users: expected at least 1, got 0", "seed-mix", "--password", "p", "--users", "0");
    assertRefused("'2-1' is not", "seed-mix", "--password", "p", "--think", "2-1");
    assertRefused("--url: expected http://", "seed-mix", "--password", "p", "--url", "https://x");
    assertRefused("--auth: expected login or api-key", "reads", "--password", "p", "--auth", "jwt");
    assertRefused("--rate: expected a number above 0", "reads", "--password", "p", "--rate", "0");
    assertRefused(
        "--api-pid: no running process has pid",
        "reads",
        "--password",
        "p",
        "--api-pid",
        Long.toString(Long.MAX_VALUE));
    assertRefused(
        "--password-file " + Path.of("no/such/file") + " cannot be read",
        "reads",
        "--password-file",
        "no/such/file");
    assertRefused("--workers: expected at least 1", "jobs", "--workers", "0");
    assertThat(launcher.runs).isEmpty();
  }

  @Test
  void aScenarioRunsWithItsDefaultsWhereNoOptionIsGiven() {
    assertThat(execute("seed-mix", "--password", "secret")).isEqualTo(0);
    assertThat(launcher.runs)
        .containsExactly(
            new Launcher.HttpRun(
                "seed-mix",
                URI.create("http://127.0.0.1:8080"),
                50,
                10,
                600,
                new ThinkTime(0.5, 1.5),
                "login",
                OptionalDouble.empty(),
                0,
                "admin",
                "secret",
                OptionalLong.empty(),
                Optional.empty(),
                60,
                2000,
                Path.of("target/loadtest"),
                List.of("seed-mix", "--password", "secret")));
  }

  @Test
  void givenOptionsOverrideTheDefaults(@TempDir Path dir) throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("pw"), "from-file\n");
    long self = ProcessHandle.current().pid();
    assertThat(
            execute(
                "writes",
                "--url",
                "http://10.0.0.5:9000",
                "--users",
                "7",
                "--rate",
                "250",
                "--think",
                "0.2-0.4",
                "--password-file",
                passwordFile.toString(),
                "--api-pid",
                Long.toString(self),
                "--worker-metrics",
                "http://10.0.0.5:9001/metrics",
                "--settle",
                "5",
                "--check-workflows",
                "0",
                "--out",
                dir.toString()))
        .isEqualTo(0);
    Launcher.HttpRun run = (Launcher.HttpRun) launcher.runs.get(0);
    assertThat(run.scenario()).isEqualTo("writes");
    assertThat(run.url()).isEqualTo(URI.create("http://10.0.0.5:9000"));
    assertThat(run.users()).isEqualTo(7);
    assertThat(run.spawnRate()).isEqualTo(32);
    assertThat(run.rate()).isEqualTo(OptionalDouble.of(250));
    assertThat(run.think()).isEqualTo(new ThinkTime(0.2, 0.4));
    assertThat(run.auth()).isEqualTo("api-key");
    assertThat(run.password()).isEqualTo("from-file");
    assertThat(run.apiPid()).isEqualTo(OptionalLong.of(self));
    assertThat(run.workerMetrics()).contains(URI.create("http://10.0.0.5:9001/metrics"));
    assertThat(run.settleSeconds()).isEqualTo(5);
    assertThat(run.checkWorkflows()).isZero();
    assertThat(run.out()).isEqualTo(dir);

    assertThat(execute("jobs", "--jobs", "10", "--workers", "2")).isEqualTo(0);
    Launcher.JobsRun jobs = (Launcher.JobsRun) launcher.runs.get(1);
    assertThat(jobs.jobs()).isEqualTo(10);
    assertThat(jobs.workers()).isEqualTo(OptionalInt.of(2));
    assertThat(jobs.redis()).isEqualTo("redis://127.0.0.1:6390");
  }

  @Test
  void theEngineScenariosParseTheirOptionsAndRefuseBadOnes() {
    assertThat(execute("timers", "--waiting", "1000000", "--start-via", "script")).isEqualTo(0);
    Launcher.TimersRun timers = (Launcher.TimersRun) launcher.runs.get(0);
    assertThat(timers.waiting()).isEqualTo(1_000_000);
    assertThat(timers.startThroughApi()).isFalse();
    assertThat(timers.rate()).isEqualTo(1000.0);
    assertThat(timers.waitSeconds()).isEqualTo(10);

    assertThat(execute("lead-writes", "--match", "--phases", "4")).isEqualTo(0);
    Launcher.LeadWritesRun writes = (Launcher.LeadWritesRun) launcher.runs.get(1);
    assertThat(writes.match()).isTrue();
    assertThat(writes.phases()).isEqualTo(4);
    assertThat(writes.definitions()).isEqualTo(20);

    assertRefused("--start-via: expected api or script", "timers", "--start-via", "http");
    assertRefused("--waiting: expected 0 or more", "timers", "--waiting", "-1");
    assertRefused("--phases: expected at least 1", "lead-writes", "--phases", "0");
    assertThat(launcher.runs).hasSize(2);
  }

  private void assertRefused(String message, String... args) {
    err.getBuffer().setLength(0);
    assertThat(execute(args)).as(String.join(" ", args)).isEqualTo(2);
    assertThat(err.toString()).as(String.join(" ", args)).contains(message).contains("Usage:");
  }

  /** The "Default: x" line under an option in a usage text. */
  private static String defaultOf(String usage, String option) {
    String after = usage.substring(usage.indexOf(option));
    int at = after.indexOf("Default: ");
    return after.substring(at + "Default: ".length(), after.indexOf('\n', at)).trim();
  }
}
