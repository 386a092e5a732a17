package io.ao.loadtest;

import io.ao.loadtest.cli.Launcher;
import io.ao.loadtest.cli.RunFolder;
import io.ao.loadtest.model.ClosedModel;
import io.ao.loadtest.model.OpenModel;
import io.ao.loadtest.observe.WorkerProbe;
import io.ao.loadtest.observe.WorkerReport;
import io.ao.loadtest.observe.WorkerSnapshot;
import io.ao.loadtest.observe.WorkflowCheck;
import io.ao.loadtest.observe.WorkflowLedger;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One HTTP scenario against a running API: the closed model (users with think time), or with {@code
 * --rate} the open model. Prints progress every 10 s and the per-endpoint table, and writes
 * command.txt, summary.json, history.json, stats.csv, history.csv and report.html into the run's
 * own folder. Around the measured load it reads the workers' figures (before, at the end, and after
 * the wait for workflows) and polls the status of the workflows the load started.
 */
final class HttpLoadRun {

  private static final int WARMUP_USERS = 64;

  private final Launcher.HttpRun settings;
  private final ScenarioCatalog.Entry entry;
  private final Clock clock;

  HttpLoadRun(Launcher.HttpRun settings, Clock clock) {
    this.settings = settings;
    this.entry = ScenarioCatalog.find(settings.scenario());
    this.clock = clock;
  }

  /** Runs the scenario; returns the folder it wrote. */
  Path run() throws Exception {
    Path folder = RunFolder.create(settings.out(), settings.scenario(), clock);
    String command = Runs.commandLine(settings.args());
    Files.writeString(folder.resolve("command.txt"), command + "\n");
    System.out.println("this run writes into " + folder);
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx, folder, command);
    } finally {
      await(vertx.close(), 10_000);
    }
    return folder;
  }

  private void run(Vertx vertx, Path folder, String command) throws Exception {
    String host = settings.url().getHost();
    int port = settings.url().getPort() == -1 ? 80 : settings.url().getPort();
    int users = settings.users();
    long durationMs = (long) (settings.durationSeconds() * 1000);
    boolean open = settings.rate().isPresent();
    StatsBook[] warmup = {null};

    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setIdleTimeout(30).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(Math.max(10, users)).setMaxWaitQueueSize(-1));
    // one logged-in admin session for what is not load: the API key, /health/detailed, the
    // workflows' status documents
    Session admin = new Session(client, host, port);
    int login =
        await(Credentials.login(settings.user(), settings.password()).authenticate(admin), 60_000);
    if (login != 200) {
      throw new IllegalStateException(
          "login as " + settings.user() + " at " + settings.url() + " answered " + login);
    }
    ApiKeyGrant grant = new ApiKeyGrant(admin);
    Credentials credentials =
        settings.auth().equals("api-key")
            ? Credentials.apiKey(await(grant.create(), 60_000))
            : Credentials.login(settings.user(), settings.password());
    Scenario scenario = entry.factory().apply(credentials);
    Optional<ProcessMemory> api = memory(port);
    WorkerProbe probe = new WorkerProbe(admin, client, settings.workerMetrics());

    long warmupMs = (long) (settings.warmupSeconds() * 1000);
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
          new ClosedModel(vertx, scenario, () -> new Session(client, host, port), warmup[0]));
      await(closed.get().run(Math.min(users, WARMUP_USERS), 0, warmupMs, 0, 0), warmupMs + 120_000);
      closed.set(null);
      System.out.printf(
          "warm-up done: %d requests, %d failures %s in %.0f s (not in the figures below)%n",
          warmup[0].all().requests(),
          warmup[0].all().failures(),
          warmup[0].all().failuresByOutcome(),
          warmupMs / 1000.0);
    }
    WorkerSnapshot before = await(probe.read(), 60_000);
    WorkflowLedger workflows = new WorkflowLedger();
    Supplier<Session> sessions =
        () -> new Session(client, host, port).onWorkflowStarted(workflows::started);
    StatsBook stats = new StatsBook();
    current.set(stats);
    Future<Void> run;
    if (open) {
      run =
          startSessions(
                  vertx, scenario, users, sessions, stats, System.currentTimeMillis() + durationMs)
              .compose(
                  started ->
                      new OpenModel(vertx, scenario, started, stats)
                          .run(settings.rate().getAsDouble(), durationMs));
    } else {
      closed.set(new ClosedModel(vertx, scenario, sessions, stats));
      run =
          closed
              .get()
              .run(
                  users,
                  settings.spawnRate(),
                  durationMs,
                  settings.think().minMillis(),
                  settings.think().maxMillis());
    }
    await(run, durationMs + 120_000);
    double seconds = stats.elapsedSeconds();
    vertx.cancelTimer(progress);
    WorkerSnapshot end = await(probe.read(), 60_000);

    List<String> started = workflows.ids();
    long settleMs = (long) (settings.settleSeconds() * 1000);
    if (!started.isEmpty() && settings.checkWorkflows() > 0) {
      System.out.printf(
          "checking %d of the %d workflows started (up to %.0f s for them to finish)%n",
          Math.min(started.size(), settings.checkWorkflows()),
          started.size(),
          settings.settleSeconds());
    }
    JsonObject workflowFigures =
        await(
            new WorkflowCheck(vertx, admin).run(started, settings.checkWorkflows(), settleMs),
            settleMs + 600_000);
    WorkerSnapshot settled = await(probe.read(), 60_000);
    await(grant.revoke().otherwiseEmpty(), 10_000);

    JsonObject worker = WorkerReport.between(before, end, settled);
    settings.workerMetrics().ifPresent(url -> worker.put("metrics_url", url.toString()));
    JsonObject summary =
        stats
            .summary(seconds)
            .put("scenario", scenario.name())
            .put("url", settings.url().toString())
            .put("command", command)
            .put("users", users)
            .put("model", open ? "open" : "closed")
            .put("auth", settings.auth())
            .put("memory", memoryFigures(api, peakRss[0], port))
            .put("worker", worker)
            .put("workflows", workflowFigures);
    if (open) {
      summary.put("rate", settings.rate().getAsDouble());
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
    System.out.println();
    System.out.print(ConsoleTable.render(summary));
    System.out.print(ConsoleTable.observations(summary));
    Warnings.of(summary).forEach(warning -> System.out.println("WARNING: " + warning));
    write(
        folder,
        summary,
        stats,
        scenario.name()
            + " ("
            + users
            + " users, "
            + summary.getString("model")
            + " model"
            + (open ? ", " + settings.rate().getAsDouble() + " req/s" : "")
            + ")");
  }

  /** The process --api-pid named, if any; never one found by looking. */
  private Optional<ProcessMemory> memory(int port) {
    if (settings.apiPid().isEmpty()) {
      System.out.println("API memory: not measured (no --api-pid given)");
      return Optional.empty();
    }
    long pid = settings.apiPid().getAsLong();
    ProcessMemory process =
        ProcessMemory.of(pid)
            .orElseThrow(() -> new IllegalStateException("--api-pid " + pid + ": no such process"));
    System.out.println("sampling the resident memory of pid " + pid + " (--api-pid)");
    if (Boolean.FALSE.equals(process.listensOn(port).orElse(null))) {
      System.out.println(
          "WARNING: pid "
              + pid
              + " does not listen on port "
              + port
              + " of --url "
              + settings.url());
    }
    return Optional.of(process);
  }

  private JsonObject memoryFigures(Optional<ProcessMemory> api, double peak, int port) {
    if (api.isEmpty()) {
      return new JsonObject()
          .putNull("pid")
          .put("note", "not measured: no --api-pid given (the generator never guesses a pid)");
    }
    return new JsonObject()
        .put("pid", api.get().pid())
        .put("peak_rss_mib", peak)
        .put("listens_on_url_port", api.get().listensOn(port).orElse(null));
  }

  /**
   * The open model's users: each authenticated once up front (their set-up row), then shared by the
   * arrivals.
   */
  private static Future<List<Session>> startSessions(
      Vertx vertx,
      Scenario scenario,
      int users,
      Supplier<Session> sessions,
      StatsBook stats,
      long deadline) {
    List<Session> started = new ArrayList<>();
    List<Future<Void>> setUps = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      Session session = sessions.get();
      started.add(session);
      setUps.add(ClosedModel.setUp(vertx, scenario, session, stats, deadline));
    }
    return Future.all(new ArrayList<>(setUps)).map(started);
  }

  private static void write(Path out, JsonObject summary, StatsBook stats, String title)
      throws Exception {
    Files.writeString(out.resolve("summary.json"), summary.encodePrettily());
    Files.writeString(
        out.resolve("history.json"),
        new JsonArray(new ArrayList<>(stats.history())).encodePrettily());
    Files.writeString(out.resolve("stats.csv"), CsvReport.stats(summary));
    Files.writeString(out.resolve("history.csv"), CsvReport.history(stats.history()));
    Files.writeString(
        out.resolve("report.html"), HtmlReport.render(title, summary, stats.history()));
    System.out.println(
        "\nwrote command.txt, summary.json, history.json, stats.csv, history.csv and report.html"
            + " into "
            + out);
  }

  static <T> T await(Future<T> future, long timeoutMs) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
