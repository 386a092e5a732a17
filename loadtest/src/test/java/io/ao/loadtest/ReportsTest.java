package io.ao.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.loadtest.report.CsvReport;
import io.ao.loadtest.report.HtmlReport;
import io.ao.loadtest.stats.StatsBook;
import io.vertx.core.json.JsonObject;
import java.util.List;
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
}
