package io.ao.loadtest.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code timers}: workflow wait timers coming due at a steady rate, and their lateness. */
@Command(
    name = "timers",
    header = "Workflow timers due at a steady rate on a stack of its own; their lateness.",
    showDefaultValues = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Starts its own Redis (a free loopback port), the API jar and --workers worker jars, defines"
          + " timer_bench = [wait PT<wait>S, noop] and starts --rate runs per second of it through"
          + " POST /api/workflows for --duration seconds, so as many timers per second come due."
          + " Then reads every run's hash: lateness = the next step's started_at - the wait's"
          + " wake_at (p50/p99/max, and how many were over 1 s).",
      "With --waiting N, first parks N runs in a 30-day wait (the run start script called from"
          + " here, --fill-in-flight at a time) and reports Redis used_memory per waiting run."
    })
final class TimersCommand implements Callable<Integer> {

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The checkout whose api-service/target and task-worker/target jars run.")
  Path root;

  @Option(names = "--wait", paramLabel = "S", defaultValue = "10", description = "Each run's wait.")
  int waitSeconds;

  @Option(
      names = "--rate",
      paramLabel = "PER_S",
      defaultValue = "1000",
      description = "Runs started (and so timers due) per second.")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "S",
      defaultValue = "40",
      description = "Seconds of starts (so of timers coming due).")
  double duration;

  @Option(
      names = "--leads",
      paramLabel = "N",
      defaultValue = "200",
      description = "Leads created first; the runs take them in turn.")
  int leads;

  @Option(
      names = "--waiting",
      paramLabel = "N",
      defaultValue = "0",
      description = "Runs parked in a P30D wait before the measurement.")
  long waiting;

  @Option(
      names = "--fill-in-flight",
      paramLabel = "N",
      defaultValue = "256",
      description = "Start scripts in flight while parking --waiting runs.")
  int fillInFlight;

  @Option(
      names = "--fill-timeout",
      paramLabel = "S",
      defaultValue = "900",
      description = "Give up when parking takes longer.")
  long fillTimeout;

  @Option(
      names = "--settle",
      paramLabel = "S",
      defaultValue = "30",
      description = "How long past the last timer's due time unfired timers are waited for.")
  long settle;

  @Option(
      names = "--start-via",
      paramLabel = "api|script",
      defaultValue = "api",
      description =
          "How the due runs start: POST /api/workflows, or the run start script called from here"
              + " (the API then only serves the set-up; less CPU taken from the workers).")
  String startVia;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "1",
      description = "Worker processes started.")
  int workers;

  @Option(
      names = "--api-jvm-opts",
      paramLabel = "FLAGS",
      defaultValue = "",
      description = "JVM flags for the API, e.g. -XX:StartFlightRecording=filename=api.jfr.")
  String apiJvmOpts;

  @Option(
      names = "--worker-jvm-opts",
      paramLabel = "FLAGS",
      defaultValue = "",
      description = "JVM flags for the workers.")
  String workerJvmOpts;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/loadtest",
      description = "Each run writes into a new folder DIR/<UTC start time>-timers/.")
  Path out;

  TimersCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    Checks check = new Checks(spec);
    if (waiting < 0) {
      throw check.invalid("--waiting: expected 0 or more, got " + waiting);
    }
    if (!startVia.equals("api") && !startVia.equals("script")) {
      throw check.invalid("--start-via: expected api or script, got " + startVia);
    }
    launcher.timers(
        new Launcher.TimersRun(
            root,
            check.atLeast("--wait", waitSeconds, 1),
            check.positive("--rate", rate),
            check.positive("--duration", duration),
            check.atLeast("--leads", leads, 1),
            waiting,
            check.atLeast("--fill-in-flight", fillInFlight, 1),
            (long) check.positive("--fill-timeout", fillTimeout),
            (long) check.notNegative("--settle", settle),
            startVia.equals("api"),
            check.atLeast("--workers", workers, 1),
            apiJvmOpts,
            workerJvmOpts,
            out,
            LoadTestCommand.typed(spec)));
    return 0;
  }
}
