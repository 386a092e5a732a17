package io.ao.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.loadtest.report.Axis;
import io.ao.loadtest.report.CsvReport;
import io.ao.loadtest.report.HtmlReport;
import io.ao.loadtest.report.Warnings;
import io.ao.loadtest.stats.StatsBook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportsTest {

  @Test
  void csvAndHtmlCarryEveryEndpointTheHistoryAndTheFailures() {
    StatsBook stats = new StatsBook();
    for (int i = 1; i <= 100; i++) {
      stats.record("GET /fast", i * 100L, true);
      stats.record("GET <broken>", 5_000, i % 10 != 0);
    }
    stats.tick(3);
    stats.tick(4);
    JsonObject summary = stats.summary(2.0);
    List<JsonObject> history = stats.history();

    String csv = CsvReport.stats(summary);
    assertThat(csv.lines())
        .hasSize(4)
        .first()
        .isEqualTo("name,requests,failures,rps,p50_ms,p90_ms,p95_ms,p99_ms,p99_9_ms,max_ms");
    assertThat(csv)
        .contains("GET /fast,100,0,50.0,")
        .contains("GET <broken>,100,10,")
        .contains("All,200,10,");
    assertThat(CsvReport.history(history).lines()).hasSize(3);

    String html = HtmlReport.render("test run", summary, history);
    assertThat(html)
        .startsWith("<!doctype html>")
        .doesNotContain("<script")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(html)
        .contains("<polyline")
        .contains("GET &lt;broken&gt;")
        .contains("<tr class=\"fail\">")
        .contains("200 requests, 10 failures")
        .contains("Latency by percentile")
        .contains("<rect");
    assertThat(summary.getJsonArray("percentile_distribution")).hasSize(17);
    assertThat(summary.getJsonArray("percentile_distribution").getJsonObject(16).getDouble("ms"))
        .isEqualTo(10.007);
  }

  @Test
  void aLargeShareOf429sIsAVisibleWarningAndASmallOneIsOnlyCounted() {
    String warning = "of requests (74 of 100) were answered 429 Too Many Requests";
    JsonObject limited = summaryWith429s(74, 100);
    assertThat(limited.getJsonObject("rate_limited"))
        .isEqualTo(
            new JsonObject().put("responses", 74L).put("of_requests", 100L).put("share", 0.74));
    String html = HtmlReport.render("limited", limited, List.of());
    assertThat(html)
        .contains("<div class=\"warn\"><strong>Warning:</strong> 74.0% " + warning)
        .contains("429 (rate limited): 74 of 100 requests (74.0%)");

    // the threshold is 5%: 6 in 100 warns, 5 in 100 does not
    assertThat(Warnings.of(summaryWith429s(6, 100)))
        .anySatisfy(text -> assertThat(text).startsWith("6.0% of requests (6 of 100)"));
    String fine = HtmlReport.render("fine", summaryWith429s(5, 100), List.of());
    assertThat(fine)
        .doesNotContain("class=\"warn\"")
        .contains("429 (rate limited): 5 of 100 requests (5.0%)");
  }

  @Test
  void setUpRequestsCountTowardsThe429Share() {
    StatsBook stats = new StatsBook();
    for (int i = 0; i < 10; i++) {
      stats.record("GET /api/leads", 1_000, true);
      stats.recordSetup("POST /api/auth/login (once per user)", 1_000, false, "HTTP 429");
    }
    JsonObject limited = stats.summary(1).getJsonObject("rate_limited");
    assertThat(limited.getLong("responses")).isEqualTo(10);
    assertThat(limited.getLong("of_requests")).isEqualTo(20);
    assertThat(limited.getDouble("share")).isEqualTo(0.5);
  }

  @Test
  void axesRunFromZeroToARoundNumberInFourToSixLabelledSteps() {
    assertThat(Axis.upTo(87).ticks()).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
    assertThat(Axis.upTo(100).ticks()).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
    assertThat(Axis.upTo(2300).ticks()).containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0);
    assertThat(Axis.upTo(11).ticks()).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0);
    assertThat(Axis.upTo(3.7).ticks()).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
    assertThat(Axis.upTo(0.003).ticks())
        .containsExactly(0.0, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003);
    assertThat(Axis.upTo(0.37).ticks()).containsExactly(0.0, 0.1, 0.2, 0.3, 0.4);
    assertThat(Axis.upTo(0).ticks()).containsExactly(0.0, 1.0);
    for (double max : new double[] {0.003, 1, 7, 49.6, 61, 184.3, 4715.4, 1_346.6, 240_000}) {
      Axis axis = Axis.upTo(max);
      assertThat(axis.top()).as("top of %s", max).isGreaterThanOrEqualTo(max);
      assertThat(axis.ticks().size() - 1).as("intervals for %s", max).isBetween(4, 6);
      assertThat(axis.top() - axis.step())
          .as("no empty interval at the top of %s", max)
          .isLessThan(max);
      assertThat(axis.ticks().get(0)).isZero();
    }
    assertThat(Axis.label(0.1 + 0.2)).isEqualTo("0.3");
    assertThat(Axis.label(2.5)).isEqualTo("2.5");
    assertThat(Axis.label(1000)).isEqualTo("1000");
  }

  @Test
  void chartsLabelEveryTickOfTheirYAxisNotOnlyTheMaximum() {
    StatsBook stats = new StatsBook();
    List<JsonObject> history = new ArrayList<>();
    for (int second = 1; second <= 30; second++) {
      // requests/s from 3 to 87
      history.add(
          new JsonObject()
              .put("second", second)
              .put("requests", 3 + (second - 1) * 84 / 29)
              .put("users", 4)
              .put("p50_ms", 1.0)
              .put("p95_ms", 2.0)
              .put("p99_ms", 3.7));
      stats.record("GET /x", 1_000, true);
    }
    String html = HtmlReport.render("ticks", stats.summary(30), history);
    String throughput = svgAfter(html, "<h2>Throughput (requests/s)</h2>");
    assertThat(tickLabels(throughput)).containsExactly("0", "20", "40", "60", "80", "100");
    String latency = svgAfter(html, "<h2>Latency over time (ms)</h2>");
    assertThat(tickLabels(latency)).containsExactly("0", "1", "2", "3", "4");
    String users = svgAfter(html, "<h2>Active users</h2>");
    assertThat(tickLabels(users)).containsExactly("0", "1", "2", "3", "4");
    assertThat(tickLabels(svgAfter(html, "Latency by percentile")))
        .startsWith("0")
        .hasSizeGreaterThan(2);
    // the x-axis is labelled in seconds too
    assertThat(throughput).contains(">10</text>").contains(">20</text>").contains("seconds");
  }

  @Test
  void theReportSaysWhatTheWorkersDidWhetherWorkflowsFinishedAndThatNoMemoryWasMeasured() {
    StatsBook stats = new StatsBook();
    stats.record("POST /api/workflows", 1_000, true);
    JsonObject summary =
        stats
            .summary(60)
            .put(
                "memory",
                new JsonObject().putNull("pid").put("note", "not measured: no --api-pid given"))
            .put(
                "worker",
                new JsonObject()
                    .put("load_s", 60.0)
                    .put("after_load_s", 4.0)
                    .put(
                        "workers",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("worker_id", "box-1234")
                                    .put("queues", new JsonArray().add("default"))
                                    .put("concurrency", 64)
                                    .put("processed_during_load", 6000L)
                                    .put("processed_per_s", 100.0)
                                    .put("processed_after_load", 120L)))
                    .put("processed_during_load", 6000L)
                    .put("processed_per_s", 100.0)
                    .put("processed_after_load", 120L)
                    .put("metrics_url", "http://127.0.0.1:8081/metrics")
                    .put(
                        "tasks",
                        new JsonArray()
                            .add(task("lead_process", "succeeded", 2990, 49.8, 10))
                            .add(task("crm_update", "dead", 7, 0.1, 0))))
            .put(
                "workflows",
                new JsonObject()
                    .put("started", 3000L)
                    .put("checked", 2000L)
                    .put("sampled", true)
                    .put("settle_s", 60.0)
                    .put("waited_s", 60.4)
                    .put("polls_refused", 12)
                    .put("completed", 1990L)
                    .put("succeeded", 1985L)
                    .put(
                        "by_status",
                        new JsonObject()
                            .put("failed", 5L)
                            .put("running", 10L)
                            .put("succeeded", 1985L))
                    .put("errors", new JsonArray().add("crm_update: CRM answered 400")));
    String html = HtmlReport.render("observed", summary, List.of());
    assertThat(html)
        .contains("API resident memory: not measured: no --api-pid given")
        .contains("<h2>Worker</h2>")
        .contains("Tasks processed during the 60.0 s of load: 6000 (100.0/s)")
        .contains("<td>box-1234</td>")
        .contains("<tr><td>lead_process</td><td>succeeded</td><td>2990</td><td>49.8</td>")
        .contains("<tr class=\"fail\"><td>crm_update</td><td>dead</td><td>7</td>")
        .contains("<h2>Workflows</h2><p>Started: 3000; checked: 2000 (a random sample)")
        .contains("finished (succeeded, failed or cancelled): 1990, of which succeeded: 1985")
        .contains("(--settle 60); 12 polls were refused (429 or 5xx) and asked again.")
        .contains("<li>crm_update: CRM answered 400</li>");
    assertThat(Warnings.of(summary))
        .contains("7 tasks failed or went dead.")
        .contains(
            "Only 1,990 of the 2,000 workflows checked had finished when the check stopped, 60.4 s"
                + " after the load (--settle 60): {\"failed\":5,\"running\":10,\"succeeded\":1985}.")
        .contains("5 of the workflows checked failed. First error: crm_update: CRM answered 400");
  }

  private static JsonObject task(
      String type, String outcome, long during, double perS, long after) {
    return new JsonObject()
        .put("type", type)
        .put("outcome", outcome)
        .put("during_load", during)
        .put("per_s", perS)
        .put("after_load", after);
  }

  private static JsonObject summaryWith429s(int limited, int requests) {
    StatsBook stats = new StatsBook();
    for (int i = 0; i < requests; i++) {
      boolean rateLimited = i < limited;
      stats.record("GET /api/leads", 1_000, !rateLimited, rateLimited ? "HTTP 429" : "");
    }
    return stats.summary(10);
  }

  private static String svgAfter(String html, String heading) {
    int start = html.indexOf("<svg", html.indexOf(heading));
    return html.substring(start, html.indexOf("</svg>", start));
  }

  private static List<String> tickLabels(String svg) {
    List<String> labels = new ArrayList<>();
    Matcher tick = Pattern.compile("<text class=\"tick\"[^>]*>([^<]*)</text>").matcher(svg);
    while (tick.find()) {
      labels.add(tick.group(1));
    }
    return labels;
  }
}
