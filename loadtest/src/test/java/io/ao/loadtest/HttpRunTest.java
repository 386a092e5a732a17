package io.ao.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.loadtest.cli.LoadTestCommand;
import io.ao.loadtest.report.Warnings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole HTTP run from the command line against a stand-in API whose answers are known: every
 * fourth trigger is a 429, three workflows never finish, and the worker's counts grow by a known
 * step at each read.
 */
class HttpRunTest {

  private static final Set<String> NEVER_FINISH = Set.of("run-1", "run-2", "run-3");

  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger triggers = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger limited = new AtomicInteger();
  private final AtomicInteger unfinishedPolls = new AtomicInteger();
  private final AtomicInteger healthReads = new AtomicInteger();
  private final AtomicInteger metricsReads = new AtomicInteger();
  private final AtomicBoolean revoked = new AtomicBoolean();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  String path = request.path();
                  var response = request.response();
                  if (path.equals("/api/auth/login")) {
                    response
                        .setStatusCode(200)
                        .end(new JsonObject().put("access_token", "t").encode());
                  } else if (path.equals("/api/auth/keys")) {
                    response
                        .setStatusCode(201)
                        .end(new JsonObject().put("id", "k1").put("key", "ao_k1_secret").encode());
                  } else if (path.equals("/api/auth/keys/k1")) {
                    revoked.set(true);
                    response.setStatusCode(204).end();
                  } else if (path.equals("/api/workflows")) {
                    if (triggers.incrementAndGet() % 4 == 0) {
                      limited.incrementAndGet();
                      response.setStatusCode(429).end("{\"detail\":\"Rate limit exceeded.\"}");
                    } else {
                      String id = "run-" + started.incrementAndGet();
                      response
                          .setStatusCode(202)
                          .end(new JsonObject().put("workflow_id", id).encode());
                    }
                  } else if (path.startsWith("/api/workflows/") && path.endsWith("/status")) {
                    String id = path.split("/")[3];
                    if (NEVER_FINISH.contains(id)) {
                      unfinishedPolls.incrementAndGet();
                    }
                    response.end(
                        new JsonObject()
                            .put("workflow_id", id)
                            .put("status", NEVER_FINISH.contains(id) ? "running" : "succeeded")
                            .encode());
                  } else if (path.equals("/health/detailed")) {
                    long processed = 10L * healthReads.incrementAndGet();
                    response.end(
                        new JsonObject()
                            .put(
                                "workers",
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("worker_id", "w1")
                                            .put("queue", "default")
                                            .put("processed", processed)
                                            .put("concurrency", 64)))
                            .put(
                                "queues",
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("queue", "default")
                                            .put("depth", 0)
                                            .put("dead", 0)))
                            .encode());
                  } else if (path.equals("/worker/metrics")) {
                    response.end(
                        "# TYPE ao_worker_tasks_total counter\n"
                            + "ao_worker_tasks_total{outcome=\"succeeded\",type=\"lead_process\",} "
                            + 5.0 * metricsReads.incrementAndGet()
                            + "\n");
                  } else {
                    response.setStatusCode(404).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static int run(Clock clock, List<String> args) {
    return LoadTestCommand.create(new Runs(clock)).execute(args.toArray(String[]::new));
  }

  @Test
  void aRunReportsThe429sTheWorkerAndTheWorkflowsAndNeverOverwritesTheLastRun(@TempDir Path dir)
      throws Exception {
    Clock sameSecond = Clock.fixed(Instant.parse("2026-12-01T23:22:37Z"), ZoneOffset.UTC);
    String url = "http://127.0.0.1:" + server.actualPort();
    List<String> args =
        new ArrayList<>(
            List.of(
                "writes",
                "--url",
                url,
                "--password",
                "pw",
                "--users",
                "2",
                "--think",
                "0.05",
                "--duration",
                "2",
                "--settle",
                "3",
                "--worker-metrics",
                url + "/worker/metrics",
                "--out",
                dir.toString()));
    List<String> firstArgs = new ArrayList<>(args);
    firstArgs.addAll(
        List.of(
            "--check-workflows",
            "100000",
            "--api-pid",
            Long.toString(ProcessHandle.current().pid())));
    assertThat(run(sameSecond, firstArgs)).isEqualTo(0);

    Path first = dir.resolve("20261201T232237Z-writes");
    assertThat(first)
        .isDirectoryContaining("glob:**/command.txt")
        .isDirectoryContaining("glob:**/summary.json")
        .isDirectoryContaining("glob:**/history.json")
        .isDirectoryContaining("glob:**/stats.csv")
        .isDirectoryContaining("glob:**/history.csv")
        .isDirectoryContaining("glob:**/report.html");
    assertThat(Files.readString(first.resolve("command.txt")))
        .startsWith("loadtest writes --url " + url + " --password *** --users 2")
        .doesNotContain("pw");
    JsonObject summary = new JsonObject(Files.readString(first.resolve("summary.json")));

    JsonObject rateLimited = summary.getJsonObject("rate_limited");
    assertThat(limited.get()).isPositive();
    assertThat(rateLimited.getLong("responses")).isEqualTo(limited.get());
    // every trigger, plus one set-up row per user
    assertThat(rateLimited.getLong("of_requests")).isEqualTo(triggers.get() + 2L);
    assertThat(Warnings.of(summary))
        .anySatisfy(warning -> assertThat(warning).contains("were answered 429 Too Many Requests"));

    JsonObject workflows = summary.getJsonObject("workflows");
    assertThat(started.get()).isGreaterThan(NEVER_FINISH.size());
    assertThat(workflows.getLong("started")).isEqualTo(started.get());
    assertThat(workflows.getLong("checked")).isEqualTo(started.get());
    assertThat(workflows.getBoolean("sampled")).isFalse();
    assertThat(workflows.getLong("completed")).isEqualTo(started.get() - 3L);
    assertThat(workflows.getLong("succeeded")).isEqualTo(started.get() - 3L);
    assertThat(workflows.getJsonObject("by_status").getLong("running")).isEqualTo(3);
    assertThat(workflows.getInteger("polls_refused")).isZero();
    assertThat(workflows.getDouble("waited_s"))
        .as("it waited out --settle 1")
        .isGreaterThanOrEqualTo(1.0);

    JsonObject worker = summary.getJsonObject("worker");
    assertThat(healthReads.get()).as("before, at the end, after the wait").isEqualTo(3);
    assertThat(worker.getLong("processed_during_load")).isEqualTo(10);
    assertThat(worker.getLong("processed_after_load")).isEqualTo(10);
    assertThat(worker.getJsonArray("tasks").getJsonObject(0).getLong("during_load")).isEqualTo(5);
    assertThat(worker.getJsonArray("tasks").getJsonObject(0).getLong("after_load")).isEqualTo(5);
    assertThat(worker.getString("metrics_url")).isEqualTo(url + "/worker/metrics");

    JsonObject memory = summary.getJsonObject("memory");
    assertThat(memory.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
    assertThat(memory.getDouble("peak_rss_mib")).isPositive();
    if (Files.isDirectory(Path.of("/proc/self/fd"))) {
      // this JVM is the stand-in API: the pid given listens on the --url port
      assertThat(memory.getBoolean("listens_on_url_port")).isTrue();
    }
    assertThat(revoked).as("the run's API key is revoked").isTrue();
    assertThat(Files.readString(first.resolve("report.html")))
        .contains("<strong>Warning:</strong>")
        .contains("<h2>Workflows</h2><p>Started: " + started.get())
        .contains("<h2>Worker</h2>");

    // the same command in the same second: a folder of its own, the first left as it was
    String firstSummary = Files.readString(first.resolve("summary.json"));
    List<String> again = new ArrayList<>(args);
    again.addAll(List.of("--check-workflows", "0")); // and no --api-pid
    assertThat(run(sameSecond, again)).isEqualTo(0);
    Path second = dir.resolve("20261201T232237Z-writes-2");
    assertThat(second).isDirectoryContaining("glob:**/report.html");
    assertThat(Files.readString(first.resolve("summary.json"))).isEqualTo(firstSummary);
    JsonObject secondSummary = new JsonObject(Files.readString(second.resolve("summary.json")));
    assertThat(secondSummary.getJsonObject("memory").getValue("pid")).isNull();
    assertThat(secondSummary.getJsonObject("memory").getString("note"))
        .startsWith("not measured: no --api-pid given");
    assertThat(secondSummary.getJsonObject("workflows").getLong("checked")).isZero();
    assertThat(secondSummary.getJsonObject("workflows").getBoolean("sampled")).isFalse();
    assertThat(Files.readString(second.resolve("report.html")))
        .contains("API resident memory: not measured: no --api-pid given");
  }
}
