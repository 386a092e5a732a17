package io.ao.api;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.docs.DocsRoutes;
import io.ao.api.http.RouteTable;
import io.ao.api.metrics.MetricsVertx;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class MetricsAndDocsTest {

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer redis) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = MetricsVertx.create(meters);
    api = RunningApi.start(vertx, redis.url(), Map.of(), meters);
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void prometheusShowsHttpServerMetricsQueueGaugesAndTaskCounters() {
    api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    api.get("/health");
    String text = api.get("/metrics").bodyAsString();
    assertThat(text).contains("vertx_http_server_requests_total");
    assertThat(text).contains("vertx_http_server_response_time_seconds_bucket");
    assertThat(text).contains("ao_queue_depth{queue=\"default\"}");
    assertThat(text).contains("ao_queue_pending{queue=\"default\"}");
    assertThat(text).contains("ao_queue_delayed{queue=\"default\"}");
    assertThat(text).contains("ao_queue_dead{queue=\"default\"}");
    assertThat(text)
        .containsPattern("ao_queue_oldest_pending_age_seconds\\{queue=\"default\"} [0-9.]+\n");
    // NaN until the consumer group exists (another test of this class may have made it)
    assertThat(text).containsPattern("ao_queue_lag\\{queue=\"default\"} (NaN|[0-9]+\\.0)\n");
    assertThat(text).contains("ao_queue_workers_live{queue=\"default\"} 0.0");
    assertThat(text).contains("ao_tasks_enqueued_total{queue=\"default\",type=\"noop\"} 1.0");
    assertThat(text).contains("ao_redis_up 1.0");
  }

  @Test
  void httpServerRequestsAreLabelledByRouteTemplateNotByPath() {
    api.get("/api/leads/no-such-lead-1");
    api.get("/api/leads/no-such-lead-2");
    String text = api.get("/metrics").bodyAsString();
    assertThat(text)
        .containsPattern(
            "vertx_http_server_requests_total\\{[^}]*route=\"/api/leads/:id\"[^}]*} 2\\.0");
    assertThat(text).doesNotContain("no-such-lead-1");
  }

  @Test
  void tasksThatLeadsAndWorkflowsEnqueueAreCountedToo() {
    String leadId =
        api.postJson("/api/leads", new JsonObject().put("email", "counted@example.com"))
            .bodyAsJsonObject()
            .getString("id");
    api.postJson(
        "/api/workflows", new JsonObject().put("workflow", "crm_sync").put("lead_id", leadId));
    String text = api.get("/metrics").bodyAsString();
    assertThat(text)
        .contains("ao_tasks_enqueued_total{queue=\"default\",type=\"lead_process\"} 1.0");
    assertThat(text)
        .as(
            "the workflow's first step (the lead's own sync follows its lead_process, in the worker)")
        .contains("ao_tasks_enqueued_total{queue=\"default\",type=\"crm_update\"} 1.0");
  }

  @Test
  void theJsonSummaryHasTheSeedsFields() {
    api.get("/health");
    api.get("/api/nonexistent");
    JsonObject summary = api.get("/api/metrics").bodyAsJsonObject();
    assertThat(summary.fieldNames())
        .contains(
            "requests_total",
            "requests_failed",
            "avg_latency_ms",
            "max_latency_ms",
            "p99_latency_ms",
            "uptime_seconds",
            "queue_depth",
            "rate_limit");
    assertThat(summary.getLong("requests_total")).isGreaterThanOrEqualTo(2);
    assertThat(summary.getLong("requests_failed")).isGreaterThanOrEqualTo(1);
    assertThat(summary.getJsonObject("rate_limit").getInteger("max_requests"))
        .as("the configured limit")
        .isEqualTo(
            Integer.parseInt(RunningApi.testEnvironment().get("AO_RATE_LIMIT_MAX_REQUESTS")));
  }

  @Test
  void theDocsPageAndItsAssetsAreServedFromTheJar() {
    String page = api.get("/docs").bodyAsString();
    assertThat(page)
        .contains("/docs/assets/swagger-ui-bundle.js")
        .contains("/docs/init.js")
        .doesNotContain("https://");
    assertThat(api.get("/docs/assets/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    assertThat(api.get("/docs/assets/swagger-ui.css").statusCode()).isEqualTo(200);
    assertThat(api.get("/docs/init.js").bodyAsString()).contains("/openapi.json");
    assertThat(api.get("/openapi.json").bodyAsJsonObject().getString("openapi")).startsWith("3.1");
  }

  @Test
  void everyIntegerInTheDocumentIsInt64AndNoValueIsAConst() {
    // Generators type an integer without a format as a 32-bit int (epoch milliseconds overflow
    // it) and a const as a bare Object.
    List<String> found = new ArrayList<>();
    walk(api.get("/openapi.json").bodyAsJsonObject(), "#", found);
    assertThat(found).isEmpty();
  }

  private static void walk(Object node, String where, List<String> found) {
    if (node instanceof JsonObject object) {
      Object type = object.getValue("type");
      boolean integer =
          "integer".equals(type) || (type instanceof JsonArray types && types.contains("integer"));
      if (integer && !"int64".equals(object.getString("format"))) {
        found.add(where + ": integer without format int64");
      }
      if (object.containsKey("const")) {
        found.add(where + ": const");
      }
      object.forEach(entry -> walk(entry.getValue(), where + "/" + entry.getKey(), found));
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.getValue(i), where + "/" + i, found);
      }
    }
  }

  @Test
  void theServicesAddressLeadsToTheDocs() {
    var home = api.get("/");
    assertThat(home.followedRedirects()).singleElement().asString().endsWith("/docs");
    assertThat(home.bodyAsString()).contains("/docs/init.js");
  }

  @Test
  void everyRouteIsInTheOpenApiDocumentAndEveryDocumentedOperationIsRouted() {
    RouteTable routes = ApiRouter.create(vertx, api.server().dependencies());
    Set<String> routed = new HashSet<>();
    routes.operations().forEach(op -> routed.add(op.method().name() + " " + op.openApiPath()));

    JsonObject paths = new JsonObject(DocsRoutes.openApiDocument()).getJsonObject("paths");
    Set<String> documented = new HashSet<>();
    paths.forEach(
        path ->
            ((JsonObject) path.getValue())
                .fieldNames()
                .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));

    assertThat(documented).isEqualTo(routed);
  }

  @Test
  void documentedStatusCodesIncludeWhatTheServerAnswersForBadInput() {
    JsonObject createTask =
        new JsonObject(DocsRoutes.openApiDocument())
            .getJsonObject("paths")
            .getJsonObject("/api/tasks")
            .getJsonObject("post")
            .getJsonObject("responses");
    assertThat(createTask.fieldNames()).contains("202", "200", "400", "413", "415", "422", "503");
  }

  // Found by the API fuzzer: answers given before any route runs (a malformed URI, an
  // oversized request line or header block) were undeclared for most operations.
  @Test
  void everyOperationDeclaresTheAnswersGivenBeforeRouting() {
    JsonObject paths = new JsonObject(DocsRoutes.openApiDocument()).getJsonObject("paths");
    paths.forEach(
        path ->
            ((JsonObject) path.getValue())
                .forEach(
                    operation ->
                        assertThat(
                                ((JsonObject) operation.getValue())
                                    .getJsonObject("responses")
                                    .fieldNames())
                            .as("%s %s", operation.getKey(), path.getKey())
                            .contains("400", "414", "431")));
  }
}
