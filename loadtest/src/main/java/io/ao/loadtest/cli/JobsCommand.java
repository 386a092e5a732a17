package io.ao.loadtest.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobs}: noop tasks straight onto a queue, drained by workers. */
@Command(
    name = "jobs",
    header = "Noop tasks onto a queue, drained by the running workers or fresh ones.",
    showDefaultValues = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Noop tasks straight onto a queue: drained by the workers already running (end-to-end"
          + " jobs/s and pick-up latency), or with --workers, the queue is filled first and that"
          + " many fresh worker processes time the drain."
    })
final class JobsCommand implements Callable<Integer> {

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--redis",
      paramLabel = "URL",
      defaultValue = "redis://127.0.0.1:6390",
      description = "The stack's Redis (./run.sh starts it on 6390).")
  String redis;

  @Option(names = "--prefix", paramLabel = "TEXT", defaultValue = "ao", description = "Key prefix.")
  String prefix;

  @Option(
      names = "--queue",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "The queue the jobs go onto.")
  String queue;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Jobs to enqueue.")
  int jobs;

  @Option(
      names = "--rate",
      paramLabel = "PER_S",
      defaultValue = "0",
      description = "Jobs enqueued per second; 0: as fast as Redis takes them.")
  double rate;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "0",
      description = "Seconds' worth of jobs at the same rate first, left out of the figures.")
  double warmup;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      defaultValue = "600",
      description = "Give up when the queue is not drained in this many seconds.")
  long timeout;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Fill the queue first, then start N worker processes (--worker-jar) and time the drain.")
  Integer workers;

  @Option(
      names = "--worker-jar",
      paramLabel = "JAR",
      defaultValue = "task-worker/target/task-worker.jar",
      description = "The worker jar --workers starts.")
  Path workerJar;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "256",
      description = "Tasks in flight per started worker.")
  int concurrency;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/loadtest",
      description = "Each run writes into a new folder DIR/<UTC start time>-jobs/.")
  Path out;

  JobsCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    Checks check = new Checks(spec);
    launcher.jobs(
        new Launcher.JobsRun(
            redis,
            prefix,
            queue,
            check.atLeast("--jobs", jobs, 1),
            check.notNegative("--rate", rate),
            check.notNegative("--warmup", warmup),
            (long) check.positive("--timeout", timeout),
            workers == null
                ? OptionalInt.empty()
                : OptionalInt.of(check.atLeast("--workers", workers, 1)),
            workerJar,
            check.atLeast("--concurrency", concurrency, 1),
            out,
            LoadTestCommand.typed(spec)));
    return 0;
  }
}
