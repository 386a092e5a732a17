package io.ao.loadtest;

import io.ao.loadtest.calibrate.Calibration;
import io.ao.loadtest.cli.Launcher;
import io.ao.loadtest.cli.RunFolder;
import io.ao.loadtest.jobs.JobsBenchmark;
import io.ao.loadtest.startup.StartupTimer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The scenarios for real: each in a new folder of its own under --out. */
final class Runs implements Launcher {

  private final Clock clock;

  Runs(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void http(HttpRun run) throws Exception {
    new HttpLoadRun(run, clock).run();
  }

  @Override
  public void calibrate(CalibrateRun run) throws Exception {
    Path folder = folder(run.out(), "calibrate", run.args());
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject result =
          HttpLoadRun.await(
              new Calibration(vertx, run.redis()).run(run.users(), run.durationSeconds()), 600_000);
      write(folder, "calibration.json", result);
    } finally {
      HttpLoadRun.await(vertx.close(), 10_000);
    }
  }

  @Override
  public void startup(StartupRun run) throws Exception {
    Path folder = folder(run.out(), "startup", run.args());
    write(
        folder,
        "startup.json",
        new StartupTimer(run.root(), run.redis(), run.apiJvmOpts(), run.workerJvmOpts())
            .measure(run.rounds()));
  }

  /**
   * N noop tasks onto the queue, drained by the workers already running; with {@code --workers W},
   * the queue is filled first and W fresh worker processes time the drain.
   */
  @Override
  public void jobs(JobsRun run) throws Exception {
    Path folder = folder(run.out(), "jobs", run.args());
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis =
          Redis.createClient(
              vertx,
              new RedisOptions()
                  .setConnectionString(run.redis())
                  .setMaxPoolSize(16)
                  .setMaxPoolWaiting(100_000));
      JobsBenchmark benchmark = new JobsBenchmark(vertx, redis, run.prefix(), run.queue());
      long timeoutMs = run.timeoutSeconds() * 1000;
      JsonObject result =
          run.workers().isPresent()
              ? HttpLoadRun.await(
                  benchmark.fillThenDrain(
                      run.jobs(),
                      run.workers().getAsInt(),
                      run.workerJar(),
                      run.redis(),
                      run.concurrency(),
                      timeoutMs),
                  1_800_000)
              : HttpLoadRun.await(
                  warmUp(benchmark, run, timeoutMs)
                      .compose(warm -> benchmark.run(run.jobs(), run.rate(), timeoutMs)),
                  1_800_000);
      write(folder, "jobs.json", result);
    } finally {
      HttpLoadRun.await(vertx.close(), 10_000);
    }
  }

  /**
   * {@code --warmup S}: S seconds' worth of jobs at the same rate first, not in the figures (the
   * running worker's first tasks run interpreted code).
   */
  private static Future<Void> warmUp(JobsBenchmark benchmark, JobsRun run, long timeoutMs) {
    int jobs = (int) (run.warmupSeconds() * (run.rate() > 0 ? run.rate() : 10_000));
    if (jobs == 0) {
      return Future.succeededFuture();
    }
    return benchmark
        .run(jobs, run.rate(), timeoutMs)
        .map(
            figures -> {
              System.out.println("warm-up done (not in the figures below): " + figures.encode());
              return null;
            });
  }

  private Path folder(Path out, String scenario, List<String> args) throws Exception {
    Path folder = RunFolder.create(out, scenario, clock);
    Files.writeString(folder.resolve("command.txt"), commandLine(args) + "\n");
    System.out.println("this run writes into " + folder);
    return folder;
  }

  private static void write(Path folder, String file, JsonObject result) throws Exception {
    System.out.println(result.encodePrettily());
    Files.writeString(folder.resolve(file), result.encodePrettily());
    System.out.println("wrote command.txt and " + file + " into " + folder);
  }

  /** The command as typed, for the run's folder and report, with any --password value hidden. */
  static String commandLine(List<String> args) {
    List<String> shown = new ArrayList<>();
    shown.add("loadtest");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--password") && i + 1 < args.size()) {
        shown.add(arg);
        shown.add("***");
        i++;
      } else if (arg.startsWith("--password=")) {
        shown.add("--password=***");
      } else {
        shown.add(arg.isEmpty() || arg.matches(".*[\\s'\"$].*") ? quote(arg) : arg);
      }
    }
    return String.join(" ", shown);
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
