package io.ao.loadtest.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code calibrate}: the box's ceiling, an in-process server measured by the same generator. */
@Command(
    name = "calibrate",
    header = "The box's ceiling: an in-process server driven by the same generator.",
    showDefaultValues = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "The box's ceiling: an in-process Vert.x server (/hello, one Redis GET, one XADD) driven by"
          + " the same generator, each route for --duration seconds without think time."
    })
final class CalibrateCommand implements Callable<Integer> {

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--redis",
      paramLabel = "URL",
      defaultValue = "redis://127.0.0.1:6390",
      description = "The Redis the /get and /xadd routes use.")
  String redis;

  @Option(names = "--users", paramLabel = "N", defaultValue = "64", description = "Users.")
  int users;

  @Option(
      names = "--duration",
      paramLabel = "S",
      defaultValue = "20",
      description = "Seconds per route.")
  long duration;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/loadtest",
      description = "Each run writes into a new folder DIR/<UTC start time>-calibrate/.")
  Path out;

  CalibrateCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    Checks check = new Checks(spec);
    launcher.calibrate(
        new Launcher.CalibrateRun(
            redis,
            check.atLeast("--users", users, 1),
            (long) check.positive("--duration", duration),
            out,
            LoadTestCommand.typed(spec)));
    return 0;
  }
}
