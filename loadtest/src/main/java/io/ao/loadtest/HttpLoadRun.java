package io.ao.loadtest;

import io.ao.loadtest.cli.Options;
import io.ao.loadtest.model.ClosedModel;
import io.ao.loadtest.model.OpenModel;
import io.ao.loadtest.report.CsvReport;
import io.ao.loadtest.report.HtmlReport;
import io.ao.loadtest.report.Warnings;
import io.ao.loadtest.scenario.ApiKeyGrant;
import io.ao.loadtest.scenario.Credentials;
import io.ao.loadtest.scenario.Scenario;
import io.ao.loadtest.scenario.ScenarioCatalog;
import io.ao.loadtest.scenario.Session;
import io.ao.loadtest.stats.ConsoleTable;
import io.ao.loadtest.stats.ProcessMemory;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP scenario against a running API: the closed model (users with think time), or with {@code
 * --rate} the open model. Prints progress every 10 s and the per-endpoint table, and writes
 * summary.json, history.json, stats.csv, history.csv and report.html.
 */
final class HttpLoadRun {

  private static final int WARMUP_USERS = 64;

  private final Options options;
  private final ScenarioCatalog.Defaults defaults;
  private final ScenarioCatalog.Entry entry;

  HttpLoadRun(Options options) {
    this.options = options;
    this.entry = ScenarioCatalog.find(options.scenario());
    this.defaults = entry.defaults();
  }

  void run() throws Exception {
    URI url = URI.create(options.text("url", "http://127.0.0.1:8080"));
    int users = options.integer("users", defaults.users());
    double spawnRate = options.decimal("spawn-rate", defaults.spawnRate());
    long durationMs = (long) (options.decimal("duration", defaults.durationSeconds()) * 1000);
    String[] think = options.text("think", defaults.think()).split("-");
    long thinkMinMs = (long) (Double.parseDouble(think[0]) * 1000);
    long thinkMaxMs = (long) (Double.parseDouble(think[think.length - 1]) * 1000);
    Path out = Path.of(options.text("out", "target/loadtest/" + options.scenario()));
    String username = options.text("user", "admin");
    String password =
        options.has("password")
            ? options.text("password", "")
            : Files.readString(Path.of(options.text("password-file", "var/admin-password"))).trim();
    boolean open = options.has("rate");
    StatsBook[] warmup = {null};

    Vertx vertx = Vertx.vertx();
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setIdleTimeout(30).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(Math.max(10, users)).setMaxWaitQueueSize(-1));
    ApiKeyGrant grant = new ApiKeyGrant(new Session(client, url.getHost(), url.getPort()));
    Credentials credentials =
        options.text("auth", defaults.auth()).equals("api-key")
            ? Credentials.apiKey(await(grant.create(username, password), 60_000))
            : Credentials.login(username, password);
    Scenario scenario = entry.factory().apply(credentials);
    Optional<ProcessMemory> api = ProcessMemory.find(options.text("watch", "api-service.jar"));
    api.ifPresent(
        found -> System.out.println("watching the resident memory of pid " + found.pid()));

    long warmupMs = (long) (options.decimal("warmup", 0) * 1000);
    AtomicReference<StatsBook> current = new AtomicReference<>(new StatsBook());
    AtomicReference<ClosedModel> closed = new AtomicReference<>();
    double[] peakRss = {0};
    long progress =
        vertx.setPeriodic(
            1_000,
            id -> {
              StatsBook book = current.get();
              JsonObject row = book.tick(closed.get() == null ? users : closed.get().activeUsers());
              api.ifPresent(
                  process -> {
                    double rss = process.residentMib();
                    row.put("api_rss_mib", rss);
                    peakRss[0] = Math.max(peakRss[0], rss);
                  });
              if (row.getLong("second") % 10 == 0) {
                System.out.printf(
                    "[%4ds]%s %6d req/s  p50 %6.1f ms  p99 %7.1f ms  users %4d  failures so far %d%s%n",
                    row.getLong("second"),
                    book == warmup[0] ? " warm-up" : "",
                    row.getLong("requests"),
                    row.getDouble("p50_ms"),
                    row.getDouble("p99_ms"),
                    row.getInteger("users"),
                    book.all().failures(),
                    row.containsKey("api_rss_mib")
                        ? "  API RSS " + row.getDouble("api_rss_mib") + " MiB"
                        : "");
              }
            });
    if (warmupMs > 0) {
      // Unrecorded load first: a fresh JVM (the generator's or the server's) runs interpreted
      // code for its first tens of seconds. Closed and without think time whatever the model,
      // so the JIT gets the most work and no backlog is carried into the measured run.
      warmup[0] = new StatsBook();
      current.set(warmup[0]);
      closed.set(
          new ClosedModel(
              vertx, scenario, () -> new Session(client, url.getHost(), url.getPort()), warmup[0]));
      await(closed.get().run(Math.min(users, WARMUP_USERS), 0, warmupMs, 0, 0), warmupMs + 120_000);
      closed.set(null);
      System.out.printf(
          "warm-up done: %d requests, %d failures %s in %.0f s (not in the figures below)%n",
          warmup[0].all().requests(),
          warmup[0].all().failures(),
          warmup[0].all().failuresByOutcome(),
          warmupMs / 1000.0);
    }
    StatsBook stats = new StatsBook();
    current.set(stats);
    Future<Void> run;
    if (open) {
      run =
          startSessions(
                  vertx,
                  scenario,
                  users,
                  client,
                  url,
                  stats,
                  System.currentTimeMillis() + durationMs)
              .compose(
                  sessions ->
                      new OpenModel(vertx, scenario, sessions, stats)
                          .run(options.decimal("rate", 0), durationMs));
    } else {
      closed.set(
          new ClosedModel(
              vertx, scenario, () -> new Session(client, url.getHost(), url.getPort()), stats));
      run = closed.get().run(users, spawnRate, durationMs, thinkMinMs, thinkMaxMs);
    }
    await(run, durationMs + 120_000);
    vertx.cancelTimer(progress);
    await(grant.revoke().otherwiseEmpty(), 10_000);

    JsonObject summary =
        stats
            .summary(stats.elapsedSeconds())
            .put("scenario", scenario.name())
            .put("users", users)
            .put("model", open ? "open" : "closed")
            .put("auth", options.text("auth", defaults.auth()));
    if (open) {
      summary.put("rate", options.decimal("rate", 0));
    }
    if (warmupMs > 0) {
      summary
          .put("warmup_s", warmupMs / 1000.0)
          .put("warmup_requests", warmup[0].all().requests())
          .put("warmup_failures", warmup[0].all().failures())
          .put(
              "warmup_failures_by",
              new JsonObject(new HashMap<>(warmup[0].all().failuresByOutcome())));
    }
    summary.put(
        "memory",
        api.isPresent()
            ? new JsonObject().put("pid", api.get().pid()).put("peak_rss_mib", peakRss[0])
            : new JsonObject().putNull("pid").put("note", "not measured: no API process found"));
    System.out.println();
    System.out.print(ConsoleTable.render(summary));
    System.out.print(ConsoleTable.observations(summary));
    Warnings.of(summary).forEach(warning -> System.out.println("WARNING: " + warning));
    write(
        out,
        summary,
        stats,
        scenario.name()
            + " ("
            + users
            + " users, "
            + summary.getString("model")
            + " model"
            + (open ? ", " + options.text("rate", "") + " req/s" : "")
            + ")");
    await(vertx.close(), 10_000);
  }

  /**
   * The open model's users: each authenticated once up front (their set-up row), then shared by the
   * arrivals.
   */
  private static Future<List<Session>> startSessions(
      Vertx vertx,
      Scenario scenario,
      int users,
      HttpClient client,
      URI url,
      StatsBook stats,
      long deadline) {
    List<Session> sessions = new ArrayList<>();
    List<Future<Void>> started = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      Session session = new Session(client, url.getHost(), url.getPort());
      sessions.add(session);
      started.add(ClosedModel.setUp(vertx, scenario, session, stats, deadline));
    }
    return Future.all(new ArrayList<>(started)).map(sessions);
  }

  private static void write(Path out, JsonObject summary, StatsBook stats, String title)
      throws Exception {
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.json"), summary.encodePrettily());
    Files.writeString(
        out.resolve("history.json"),
        new JsonArray(new ArrayList<>(stats.history())).encodePrettily());
    Files.writeString(out.resolve("stats.csv"), CsvReport.stats(summary));
    Files.writeString(out.resolve("history.csv"), CsvReport.history(stats.history()));
    Files.writeString(
        out.resolve("report.html"), HtmlReport.render(title, summary, stats.history()));
    System.out.println(
        "\nwrote summary.json, history.json, stats.csv, history.csv and report.html under " + out);
  }

  static <T> T await(Future<T> future, long timeoutMs) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
