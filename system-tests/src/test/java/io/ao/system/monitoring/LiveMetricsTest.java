package io.ao.system.monitoring;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.metrics.MetricsVertx;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.worker.support.WorkerProcess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live {@code /metrics} of the API (in this JVM, with Vert.x's HTTP metrics, as ApiMain runs
 * it) and of a worker (the real WorkerMain as its own process), after some tasks ran: every name
 * the Grafana dashboard's queries use is exported (or recorded by the PrometheusRule), and {@code
 * promtool check metrics} finds nothing wrong with any {@code ao_} metric.
 */
@ExtendWith(RedisServerExtension.class)
class LiveMetricsTest {

  private static final Path DASHBOARD = AlertRulesTest.MONITORING.resolve("ao-dashboard.json");
  private static final Path DOCS_COPY =
      Path.of("..", "docs", "monitoring", "ao-dashboard.json").toAbsolutePath().normalize();

  /** PromQL words that are not metric names. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "and",
          "or",
          "unless",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "inf",
          "nan");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private static Vertx vertx;
  private static RunningApi api;
  private static WorkerProcess worker;
  private static String apiMetrics;
  private static String workerMetrics;

  @BeforeAll
  static void startBothAndRunSomeTasks(LocalRedisServer redis) throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = MetricsVertx.create(meters);
    api = RunningApi.start(vertx, redis.url(), Map.of(), meters);
    int workerPort = FreePort.find();
    worker =
        WorkerProcess.start(
                "metrics-worker", "default", workerPort, Map.of("AO_REDIS_URL", redis.url()))
            .awaitReady(Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    }
    api.postJson("/api/leads", new JsonObject().put("email", "dashboard@example.com"));
    api.get("/api/leads/no-such-lead");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String scraped = "";
    for (int attempt = 0; attempt < 300 && System.nanoTime() < deadline; attempt++) {
      scraped =
          client
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workerPort + "/metrics"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (scraped.contains("ao_worker_tasks_total{") && apiShowsAWorker()) {
        break;
      }
      Thread.sleep(100);
    }
    workerMetrics = scraped;
    apiMetrics = api.get("/metrics").bodyAsString();
    assertThat(workerMetrics).as("the worker ran tasks").contains("ao_worker_tasks_total{");
  }

  private static boolean apiShowsAWorker() {
    return api.get("/metrics")
        .bodyAsString()
        .contains("ao_queue_workers_live{queue=\"default\"} 1.0");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (worker != null) {
      worker.close();
    }
    if (api != null) {
      api.close();
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void everyMetricTheDashboardQueriesIsExportedByAServiceOrRecordedByTheRules() throws IOException {
    Set<String> exported = new TreeSet<>(sampleNames(apiMetrics));
    exported.addAll(sampleNames(workerMetrics));
    Set<String> recorded = AlertRulesTest.recordedNames();
    Map<String, Set<String>> missing = new TreeMap<>();
    int queries = 0;
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    for (Object item : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) item;
      for (Object target : panel.getJsonArray("targets", new JsonArray())) {
        queries++;
        for (String name : metricNames(((JsonObject) target).getString("expr"))) {
          boolean known = name.contains(":") ? recorded.contains(name) : exported.contains(name);
          if (!known) {
            missing.computeIfAbsent(panel.getString("title"), t -> new TreeSet<>()).add(name);
          }
        }
      }
    }
    System.out.printf(
        "dashboard: %d panels, %d queries; %d metric names exported by the API and the worker%n",
        dashboard.getJsonArray("panels").size(), queries, exported.size());
    assertThat(queries).isGreaterThan(20);
    assertThat(missing).as("panels naming metrics no service exports").isEmpty();
    assertThat(Files.readString(DOCS_COPY))
        .as("docs/monitoring/ao-dashboard.json is the ConfigMap's dashboard")
        .isEqualTo(Files.readString(DASHBOARD));
  }

  @Test
  void theDriftCheckSeesAMetricThatDoesNotExist() {
    assertThat(
            metricNames(
                "histogram_quantile(0.99, sum by (le, route) (rate(ao_nonexistent_bucket{job=\"a\"}[5m])))"
                    + " / on (route) ao:api_errors:ratio_rate5m offset 5m"))
        .containsExactlyInAnyOrder("ao_nonexistent_bucket", "ao:api_errors:ratio_rate5m");
  }

  @Test
  void promtoolFindsNoProblemWithAnyAoMetricOfEitherService() throws IOException {
    Promtool.assumeAvailable(
        "LiveMetricsTest.promtoolFindsNoProblemWithAnyAoMetricOfEitherService");
    Path dir = Files.createDirectories(Path.of("target", "promtool").toAbsolutePath());
    for (Map.Entry<String, String> service :
        Map.of("api", apiMetrics, "worker", workerMetrics).entrySet()) {
      Files.writeString(dir.resolve(service.getKey() + "-metrics.txt"), service.getValue());
      Promtool.Result lint = Promtool.run(dir, service.getValue(), "check", "metrics");
      List<String> ours = new ArrayList<>();
      List<String> others = new ArrayList<>();
      for (String line : lint.output().split("\n")) {
        if (!line.isBlank()) {
          (line.startsWith("ao_") ? ours : others).add(line);
        }
      }
      long aoNames =
          sampleNames(service.getValue()).stream().filter(n -> n.startsWith("ao_")).count();
      System.out.printf(
          "promtool check metrics, %s: %d ao_ sample names, %d problems with them; %d with"
              + " library metrics (vertx_, jvm_): %s%n",
          service.getKey(), aoNames, ours.size(), others.size(), others);
      assertThat(aoNames).isPositive();
      assertThat(ours).as("promtool on the %s's ao_ metrics", service.getKey()).isEmpty();
    }
  }

  /** The names of the samples in a Prometheus text exposition. */
  static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        Matcher name = IDENTIFIER.matcher(line);
        if (name.lookingAt()) {
          names.add(name.group());
        }
      }
    }
    return names;
  }

  /** The metric names a PromQL expression selects: not functions, keywords or labels. */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher token = IDENTIFIER.matcher(bare);
    while (token.find()) {
      String word = token.group();
      int after = token.end();
      while (after < bare.length() && bare.charAt(after) == ' ') {
        after++;
      }
      boolean call = after < bare.length() && bare.charAt(after) == '(';
      boolean duration = token.start() > 0 && Character.isDigit(bare.charAt(token.start() - 1));
      if (!call && !duration && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}
