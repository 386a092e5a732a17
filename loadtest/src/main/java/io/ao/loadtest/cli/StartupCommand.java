package io.ao.loadtest.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code startup}: process start to the first 200 on /health/ready, API and worker. */
@Command(
    name = "startup",
    header = "Process start to the first 200 on /health/ready, API and worker.",
    showDefaultValues = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Starts the API jar and the worker jar as fresh processes against a running Redis and times"
          + " each from process start to its first 200 on /health/ready; both are stopped after."
    })
final class StartupCommand implements Callable<Integer> {

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The checkout whose api-service/target and task-worker/target jars run.")
  Path root;

  @Option(
      names = "--redis",
      paramLabel = "URL",
      defaultValue = "redis://127.0.0.1:6390",
      description = "The Redis both connect to.")
  String redis;

  @Option(
      names = "--api-jvm-opts",
      paramLabel = "FLAGS",
      defaultValue = "",
      description = "JVM flags for the API, e.g. \"-XX:SharedArchiveFile=var/cds/api.jsa\".")
  String apiJvmOpts;

  @Option(
      names = "--worker-jvm-opts",
      paramLabel = "FLAGS",
      defaultValue = "",
      description = "JVM flags for the worker.")
  String workerJvmOpts;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Starts of each.")
  int rounds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/loadtest",
      description = "Each run writes into a new folder DIR/<UTC start time>-startup/.")
  Path out;

  StartupCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    launcher.startup(
        new Launcher.StartupRun(
            root,
            redis,
            apiJvmOpts,
            workerJvmOpts,
            new Checks(spec).atLeast("--rounds", rounds, 1),
            out,
            LoadTestCommand.typed(spec)));
    return 0;
  }
}
