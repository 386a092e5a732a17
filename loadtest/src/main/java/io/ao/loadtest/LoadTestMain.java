package io.ao.loadtest;

import io.ao.loadtest.model.ClosedModel;
import io.ao.loadtest.model.OpenModel;
import io.ao.loadtest.scenario.Scenario;
import io.ao.loadtest.scenario.SeedMix;
import io.ao.loadtest.scenario.Session;
import io.ao.loadtest.stats.ConsoleTable;
import io.ao.loadtest.stats.StatsBook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar loadtest/target/loadtest.jar seed-mix --users 50 --spawn-rate 10 --duration 600
 * --think 0.5-1.5 [--rate 2000] --url http://127.0.0.1:8080 --user admin --password-file var/admin-password
 * --out target/loadtest}. With --rate, the open model (constant arrival rate, latency from
 * the intended send time) replaces the closed one. Prints progress every 10 s and the
 * per-endpoint table; writes summary.json and history.json under --out.
 */
public final class LoadTestMain {

  private LoadTestMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String scenarioName = options.getOrDefault("scenario", "seed-mix");
    if (scenarioName.equals("jobs")) {
      runJobs(options);
      return;
    }
    if (scenarioName.equals("calibrate")) {
      Vertx vertx = Vertx.vertx();
      JsonObject result = new io.ao.loadtest.calibrate.Calibration(vertx, options.getOrDefault("redis", "redis://127.0.0.1:6390"))
        .run(Integer.parseInt(options.getOrDefault("users", "64")), Long.parseLong(options.getOrDefault("duration", "20")))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      System.out.println(result.encodePrettily());
      Path out = Path.of(options.getOrDefault("out", "target/loadtest"));
      Files.createDirectories(out);
      Files.writeString(out.resolve("calibration.json"), result.encodePrettily());
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return;
    }
    URI url = URI.create(options.getOrDefault("url", "http://127.0.0.1:8080"));
    String password = options.containsKey("password") ? options.get("password")
      : Files.readString(Path.of(options.getOrDefault("password-file", "var/admin-password"))).trim();
    Scenario scenario = switch (scenarioName) {
      case "seed-mix" -> new SeedMix(options.getOrDefault("user", "admin"), password);
      default -> throw new IllegalArgumentException("unknown scenario " + scenarioName + " (this build: seed-mix)");
    };
    int users = Integer.parseInt(options.getOrDefault("users", "50"));
    double spawnRate = Double.parseDouble(options.getOrDefault("spawn-rate", "10"));
    long durationMs = (long) (Double.parseDouble(options.getOrDefault("duration", "60")) * 1000);
    String[] think = options.getOrDefault("think", "0.5-1.5").split("-");
    Path out = Path.of(options.getOrDefault("out", "target/loadtest"));

    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(30).setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(Math.max(10, users)));
    StatsBook stats = new StatsBook();
    java.util.concurrent.atomic.AtomicReference<ClosedModel> closed = new java.util.concurrent.atomic.AtomicReference<>();
    long progress = vertx.setPeriodic(1_000, id -> {
      JsonObject row = stats.tick(closed.get() == null ? users : closed.get().activeUsers());
      if (row.getLong("second") % 10 == 0) {
        System.out.printf("[%4ds] %6d req/s  p50 %6.1f ms  p99 %7.1f ms  failures so far %d%n", row.getLong("second"),
          row.getLong("requests"), row.getDouble("p50_ms"), row.getDouble("p99_ms"), stats.all().failures());
      }
    });
    Future<Void> run;
    if (options.containsKey("rate")) {
      List<Session> sessions = new ArrayList<>();
      List<Future<Integer>> started = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        Session session = new Session(client, url.getHost(), url.getPort());
        sessions.add(session);
        started.add(scenario.start(session));
      }
      run = Future.all(new ArrayList<>(started))
        .compose(ok -> new OpenModel(vertx, scenario, sessions, stats).run(Double.parseDouble(options.get("rate")), durationMs));
    } else {
      closed.set(new ClosedModel(vertx, scenario, () -> new Session(client, url.getHost(), url.getPort()), stats));
      run = closed.get().run(users, spawnRate, durationMs, (long) (Double.parseDouble(think[0]) * 1000),
          (long) (Double.parseDouble(think[think.length - 1]) * 1000));
    }
    run.toCompletionStage().toCompletableFuture().get(durationMs + 120_000, TimeUnit.MILLISECONDS);
    vertx.cancelTimer(progress);
    JsonObject summary = stats.summary(stats.elapsedSeconds()).put("scenario", scenario.name())
      .put("users", users).put("model", options.containsKey("rate") ? "open" : "closed");
    System.out.println();
    System.out.print(ConsoleTable.render(summary));
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.json"), summary.encodePrettily());
    Files.writeString(out.resolve("history.json"), new JsonArray(new ArrayList<>(stats.history())).encodePrettily());
    Files.writeString(out.resolve("stats.csv"), io.ao.loadtest.report.CsvReport.stats(summary));
    Files.writeString(out.resolve("history.csv"), io.ao.loadtest.report.CsvReport.history(stats.history()));
    Files.writeString(out.resolve("report.html"), io.ao.loadtest.report.HtmlReport.render(
      scenario.name() + " (" + users + " users, " + summary.getString("model") + " model)", summary, stats.history()));
    System.out.println("\nwrote summary.json, history.json, stats.csv, history.csv and report.html under " + out);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * {@code jobs --redis redis://127.0.0.1:6390 --jobs 100000 [--rate 1000]}: noop tasks
   * straight onto the queue, drained by the workers already running against that Redis.
   */
  private static void runJobs(Map<String, String> options) throws Exception {
    Vertx vertx = Vertx.vertx();
    io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(vertx,
      new io.vertx.redis.client.RedisOptions().setConnectionString(options.getOrDefault("redis", "redis://127.0.0.1:6390"))
        .setMaxPoolSize(16).setMaxPoolWaiting(100_000));
    int jobs = Integer.parseInt(options.getOrDefault("jobs", "100000"));
    double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
    io.ao.loadtest.jobs.JobsBenchmark benchmark = new io.ao.loadtest.jobs.JobsBenchmark(vertx, redis,
      options.getOrDefault("prefix", "ao"), options.getOrDefault("queue", "default"));
    long timeoutMs = Long.parseLong(options.getOrDefault("timeout", "600")) * 1000;
    JsonObject result;
    if (options.containsKey("workers")) {
      // fill first, then let N fresh worker processes drain: the workers' own throughput
      result = benchmark.fillThenDrain(jobs, Integer.parseInt(options.get("workers")),
          Path.of(options.getOrDefault("worker-jar", "task-worker/target/task-worker.jar")),
          options.getOrDefault("redis", "redis://127.0.0.1:6390"), Integer.parseInt(options.getOrDefault("concurrency", "256")),
          timeoutMs)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } else {
      result = benchmark.run(jobs, rate, timeoutMs).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    }
    System.out.println(result.encodePrettily());
    Path out = Path.of(options.getOrDefault("out", "target/loadtest"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("jobs.json"), result.encodePrettily());
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else if (!args[i].startsWith("--")) {
        options.put("scenario", args[i]);
      } else {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
    }
    return options;
  }
}
