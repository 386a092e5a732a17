package io.ao.loadtest.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lead-writes}: lead-write latency with trigger definitions enabled, against none. */
@Command(
    name = "lead-writes",
    header = "Lead-write latency with N trigger and cancel_if definitions, against none.",
    showDefaultValues = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Starts its own Redis and the API jar (no worker), then alternates phases: none, with"
          + " --definitions, none, with, ... (--phases of each). Each phase is --requests POST"
          + " /api/leads and a PATCH of each, by --concurrency closed loops; p50/p99 per phase,"
          + " then the median p99 of each configuration and their difference (goal: +1 ms).",
      "The definitions' triggers (half lead.created, half lead.updated, each with an `if` and a"
          + " `cancel_if`) do not match the posted leads unless --match is given."
    })
final class LeadWritesCommand implements Callable<Integer> {

  private final Launcher launcher;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The checkout whose api-service/target jar runs.")
  Path root;

  @Option(
      names = "--definitions",
      paramLabel = "N",
      defaultValue = "20",
      description = "Definitions enabled in a \"with\" phase.")
  int definitions;

  @Option(
      names = "--phases",
      paramLabel = "N",
      defaultValue = "3",
      description = "Phases of each configuration.")
  int phases;

  @Option(
      names = "--requests",
      paramLabel = "N",
      defaultValue = "2000",
      description = "POSTs per phase (and as many PATCHes).")
  int requests;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Closed loops sending at once.")
  int concurrency;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "2000",
      description = "POSTs (and PATCHes) of a first phase left out of the figures.")
  int warmup;

  @Option(
      names = "--match",
      description = "Post leads every trigger matches (runs are started, cancel_if evaluated).")
  boolean match;

  @Option(
      names = "--api-jvm-opts",
      paramLabel = "FLAGS",
      defaultValue = "",
      description = "JVM flags for the API.")
  String apiJvmOpts;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/loadtest",
      description = "Each run writes into a new folder DIR/<UTC start time>-lead-writes/.")
  Path out;

  LeadWritesCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    Checks check = new Checks(spec);
    if (warmup < 0) {
      throw check.invalid("--warmup: expected 0 or more, got " + warmup);
    }
    launcher.leadWrites(
        new Launcher.LeadWritesRun(
            root,
            check.atLeast("--definitions", definitions, 1),
            check.atLeast("--phases", phases, 1),
            check.atLeast("--requests", requests, 1),
            check.atLeast("--concurrency", concurrency, 1),
            warmup,
            match,
            apiJvmOpts,
            out,
            LoadTestCommand.typed(spec)));
    return 0;
  }
}
