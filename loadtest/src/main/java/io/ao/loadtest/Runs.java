package io.ao.loadtest;

import io.ao.loadtest.calibrate.Calibration;
import io.ao.loadtest.cli.Launcher;
import io.ao.loadtest.cli.RunFolder;
import io.ao.loadtest.engine.EngineStack;
import io.ao.loadtest.engine.LeadWriteBenchmark;
import io.ao.loadtest.engine.TimerBenchmark;
import io.ao.loadtest.jobs.JobsBenchmark;
import io.ao.loadtest.scenario.Credentials;
import io.ao.loadtest.scenario.Session;
import io.ao.loadtest.startup.StartupTimer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
   * Timers on a stack of its own: Redis, the API, the workers; with {@code --waiting}, runs parked
   * first.
   */
  @Override
  public void timers(TimersRun run) throws Exception {
    Path folder = folder(run.out(), "timers", run.args());
    EngineStack.Plan plan =
        new EngineStack.Plan(
            run.root(), true, run.workers(), run.apiJvmOpts(), run.workerJvmOpts(), Map.of());
    try (EngineStack stack = EngineStack.start(plan, folder)) {
      Vertx vertx = Vertx.vertx();
      try {
        Redis redis = redis(vertx, stack.redisUrl());
        Session admin = admin(vertx, stack, 128);
        TimerBenchmark.Settings settings =
            new TimerBenchmark.Settings(
                run.waitSeconds(),
                run.rate(),
                run.durationSeconds(),
                run.leads(),
                run.waiting(),
                run.fillInFlight(),
                run.fillTimeoutSeconds(),
                run.settleSeconds(),
                run.startThroughApi());
        JsonObject result =
            HttpLoadRun.await(
                new TimerBenchmark(vertx, redis, admin, "ao").run(settings), 3_600_000);
        write(folder, "timers.json", stackFacts(result, stack, run.workers()));
      } finally {
        HttpLoadRun.await(vertx.close(), 10_000);
      }
    }
  }

  /** Lead writes with and without trigger definitions, on Redis and one API of its own. */
  @Override
  public void leadWrites(LeadWritesRun run) throws Exception {
    Path folder = folder(run.out(), "lead-writes", run.args());
    EngineStack.Plan plan =
        new EngineStack.Plan(run.root(), true, 0, run.apiJvmOpts(), "", Map.of());
    try (EngineStack stack = EngineStack.start(plan, folder)) {
      Vertx vertx = Vertx.vertx();
      try {
        Redis redis = redis(vertx, stack.redisUrl());
        Session session = admin(vertx, stack, run.concurrency() + 4);
        LeadWriteBenchmark.Settings settings =
            new LeadWriteBenchmark.Settings(
                run.definitions(),
                run.phases(),
                run.requests(),
                run.concurrency(),
                run.warmup(),
                run.match());
        JsonObject result =
            HttpLoadRun.await(
                LeadWriteBenchmark.over(vertx, session, redis, "ao").run(settings), 3_600_000);
        write(folder, "lead-writes.json", stackFacts(result, stack, 0));
      } finally {
        HttpLoadRun.await(vertx.close(), 10_000);
      }
    }
  }

  private static Redis redis(Vertx vertx, String url) {
    return Redis.createClient(
        vertx,
        new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(100_000));
  }

  /** A session of the stack's admin, logged in, over a pool of {@code connections}. */
  private static Session admin(Vertx vertx, EngineStack stack, int connections) throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setIdleTimeout(60).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    Session admin = new Session(client, "127.0.0.1", stack.apiPort());
    int status =
        HttpLoadRun.await(
            Credentials.login("admin", stack.adminPassword()).authenticate(admin), 60_000);
    if (status != 200) {
      throw new IllegalStateException("the admin's login answered " + status);
    }
    return admin;
  }

  private static JsonObject stackFacts(JsonObject result, EngineStack stack, int workers) {
    return result.put(
        "stack",
        new JsonObject()
            .put("redis", stack.redisUrl())
            .put("api_processes", 1)
            .put("worker_processes", workers)
            .put("cores", Runtime.getRuntime().availableProcessors()));
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
