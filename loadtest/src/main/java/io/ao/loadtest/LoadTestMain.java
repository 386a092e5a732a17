package io.ao.loadtest;

import io.ao.loadtest.calibrate.Calibration;
import io.ao.loadtest.cli.Options;
import io.ao.loadtest.jobs.JobsBenchmark;
import io.ao.loadtest.startup.StartupTimer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar loadtest/target/loadtest.jar <scenario> [--option value ...]}; the README's
 * "Load testing" section has one command per scenario.
 *
 * <ul>
 *   <li>{@code seed-mix | burst | reads | writes}: HTTP load against --url (see {@link
 *       HttpLoadRun});
 *   <li>{@code jobs}: noop tasks straight onto a queue, drained by workers (see {@link
 *       JobsBenchmark});
 *   <li>{@code calibrate}: the box's ceiling, an in-process server measured by the same generator;
 *   <li>{@code startup}: process start to /health/ready for the API and the worker.
 * </ul>
 */
public final class LoadTestMain {

  private LoadTestMain() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    switch (options.scenario()) {
      case "jobs" -> runJobs(options);
      case "calibrate" -> calibrate(options);
      case "startup" ->
          write(
              options,
              "startup.json",
              new StartupTimer(
                      Path.of(options.text("root", ".")),
                      options.text("redis", "redis://127.0.0.1:6390"),
                      options.text("api-jvm-opts", ""),
                      options.text("worker-jvm-opts", ""))
                  .measure(options.integer("rounds", 3)));
      default -> new HttpLoadRun(options).run();
    }
  }

  private static void calibrate(Options options) throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject result =
        HttpLoadRun.await(
            new Calibration(vertx, options.text("redis", "redis://127.0.0.1:6390"))
                .run(options.integer("users", 64), options.longValue("duration", 20)),
            600_000);
    write(options, "calibration.json", result);
    HttpLoadRun.await(vertx.close(), 10_000);
  }

  /**
   * {@code jobs --redis URL --jobs N [--rate R]}: N noop tasks onto --queue, drained by the workers
   * already running; with {@code --workers W}, the queue is filled first and W fresh worker
   * processes time the drain.
   */
  private static void runJobs(Options options) throws Exception {
    Vertx vertx = Vertx.vertx();
    String redisUrl = options.text("redis", "redis://127.0.0.1:6390");
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(redisUrl)
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(100_000));
    JobsBenchmark benchmark =
        new JobsBenchmark(
            vertx, redis, options.text("prefix", "ao"), options.text("queue", "default"));
    int jobs = options.integer("jobs", 100_000);
    long timeoutMs = options.longValue("timeout", 600) * 1000;
    JsonObject result =
        options.has("workers")
            ? HttpLoadRun.await(
                benchmark.fillThenDrain(
                    jobs,
                    options.integer("workers", 1),
                    Path.of(options.text("worker-jar", "task-worker/target/task-worker.jar")),
                    redisUrl,
                    options.integer("concurrency", 256),
                    timeoutMs),
                1_800_000)
            : HttpLoadRun.await(
                warmUp(benchmark, options, timeoutMs)
                    .compose(warm -> benchmark.run(jobs, options.decimal("rate", 0), timeoutMs)),
                1_800_000);
    write(options, "jobs.json", result);
    HttpLoadRun.await(vertx.close(), 10_000);
  }

  /**
   * {@code --warmup S}: S seconds' worth of jobs at the same rate first, not in the figures (the
   * running worker's first tasks run interpreted code).
   */
  private static Future<Void> warmUp(JobsBenchmark benchmark, Options options, long timeoutMs) {
    double rate = options.decimal("rate", 0);
    int jobs = (int) (options.decimal("warmup", 0) * (rate > 0 ? rate : 10_000));
    if (jobs == 0) {
      return Future.succeededFuture();
    }
    return benchmark
        .run(jobs, rate, timeoutMs)
        .map(
            figures -> {
              System.out.println("warm-up done (not in the figures below): " + figures.encode());
              return null;
            });
  }

  private static void write(Options options, String file, JsonObject result) throws Exception {
    System.out.println(result.encodePrettily());
    Path out = Path.of(options.text("out", "target/loadtest/" + options.scenario()));
    Files.createDirectories(out);
    Files.writeString(out.resolve(file), result.encodePrettily());
  }
}
