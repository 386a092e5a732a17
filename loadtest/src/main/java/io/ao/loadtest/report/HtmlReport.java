package io.ao.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML report (no scripts, no fonts, no CDN: opens offline): what to distrust
 * first (the warnings), throughput, latency percentiles and active users over time as inline SVG
 * with labelled axes, the workers' task rates, whether the run's workflows finished, the percentile
 * table per endpoint, and the failures.
 */
public final class HtmlReport {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 220;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 10;

  private HtmlReport() {}

  public static String render(String title, JsonObject summary, List<JsonObject> history) {
    StringBuilder html = new StringBuilder();
    JsonObject total = summary.getJsonObject("total");
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append(
            "</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append(
            "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append(
            ".fail{color:#b00}.warn{background:#fff3cd;border:2px solid #c77700;padding:8px 12px;margin:8px 0}")
        .append("svg{background:#fafafa;border:1px solid #ddd}</style></head><body>")
        .append("<h1>")
        .append(escape(title))
        .append("</h1><p>")
        .append(total.getLong("requests"))
        .append(" requests, ")
        .append(total.getLong("failures"))
        .append(" failures in ")
        .append(summary.getValue("duration_s"))
        .append(" s")
        .append(rateLimitedLine(summary.getJsonObject("rate_limited")))
        .append("</p>");
    for (String warning : Warnings.of(summary)) {
      html.append("<div class=\"warn\"><strong>Warning:</strong> ")
          .append(escape(warning))
          .append("</div>");
    }
    html.append("<p>").append(escape(memoryLine(summary.getJsonObject("memory")))).append("</p>");
    if (summary.getString("command") != null) {
      html.append("<p>Command: <code>")
          .append(escape(summary.getString("command")))
          .append("</code></p>");
    }
    html.append("<h2>Throughput (requests/s)</h2>")
        .append(
            chart(
                history,
                List.of(new Series("requests/s", "#2a6fdb", row -> row.getLong("requests")))));
    html.append("<h2>Latency over time (ms)</h2>")
        .append(
            chart(
                history,
                List.of(
                    new Series("p50", "#2a9d55", row -> row.getDouble("p50_ms")),
                    new Series("p95", "#e09b00", row -> row.getDouble("p95_ms")),
                    new Series("p99", "#c0392b", row -> row.getDouble("p99_ms")))));
    html.append("<h2>Active users</h2>")
        .append(
            chart(history, List.of(new Series("users", "#7b4bb3", row -> row.getLong("users")))));
    if (!history.isEmpty() && history.get(history.size() - 1).containsKey("api_rss_mib")) {
      html.append("<h2>API resident memory (MiB)</h2>")
          .append(
              chart(
                  history,
                  List.of(new Series("RSS", "#555555", row -> row.getDouble("api_rss_mib", 0.0)))));
    }
    worker(html, summary.getJsonObject("worker"));
    workflows(html, summary.getJsonObject("workflows"));
    html.append("<h2>Latency by percentile, all requests (ms)</h2>")
        .append(distribution(summary.getJsonArray("percentile_distribution", new JsonArray())));
    html.append(
            "<h2>Percentiles per endpoint (ms)</h2><table><tr><th>endpoint</th><th>requests</th><th>failures</th>")
        .append(
            "<th>rps</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr>");
    summary.getJsonArray("endpoints").forEach(row -> html.append(tableRow((JsonObject) row)));
    html.append(tableRow(total)).append("</table>");
    html.append(
        "<h2>Failures</h2><table><tr><th>endpoint</th><th>failures</th><th>of requests</th><th>what</th></tr>");
    summary.getJsonArray("endpoints").stream()
        .map(row -> (JsonObject) row)
        .filter(row -> row.getLong("failures") > 0)
        .forEach(
            row ->
                html.append("<tr class=\"fail\"><td>")
                    .append(escape(row.getString("name")))
                    .append("</td><td>")
                    .append(row.getLong("failures"))
                    .append("</td><td>")
                    .append(row.getLong("requests"))
                    .append("</td><td>")
                    .append(escape(row.getJsonObject("failures_by", new JsonObject()).encode()))
                    .append("</td></tr>"));
    if (total.getLong("failures") == 0) {
      html.append("<tr><td colspan=\"4\">none: every request got the answer it expected</td></tr>");
    }
    return html.append("</table></body></html>\n").toString();
  }

  private static String rateLimitedLine(JsonObject limited) {
    if (limited == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; 429 (rate limited): %d of %d requests (%.1f%%)",
        limited.getLong("responses"),
        limited.getLong("of_requests"),
        limited.getDouble("share") * 100);
  }

  static String memoryLine(JsonObject memory) {
    if (memory == null || memory.getValue("pid") == null) {
      return "API resident memory: "
          + (memory == null ? "not measured." : memory.getString("note", "not measured."));
    }
    return "API resident memory (pid "
        + memory.getValue("pid")
        + "): peak "
        + memory.getValue("peak_rss_mib")
        + " MiB"
        + (memory.getString("note") == null ? "" : "; " + memory.getString("note"));
  }

  private static void worker(StringBuilder html, JsonObject worker) {
    if (worker == null) {
      return;
    }
    html.append("<h2>Worker</h2>");
    if (worker.getString("health_error") != null) {
      html.append("<p class=\"fail\">")
          .append(escape(worker.getString("health_error")))
          .append("</p>");
    }
    if (worker.containsKey("workers")) {
      html.append("<p>Tasks processed during the ")
          .append(worker.getValue("load_s"))
          .append(" s of load: ")
          .append(worker.getValue("processed_during_load"))
          .append(" (")
          .append(worker.getValue("processed_per_s"))
          .append("/s); in the ")
          .append(worker.getValue("after_load_s"))
          .append(" s after it: ")
          .append(worker.getValue("processed_after_load"))
          .append(
              ". From each live worker's heartbeat in /health/detailed (every 2 s by default).</p>")
          .append(
              "<table><tr><th>worker</th><th>queues</th><th>concurrency</th><th>during load</th><th>per s</th><th>after load</th></tr>");
      for (Object each : worker.getJsonArray("workers")) {
        JsonObject row = (JsonObject) each;
        html.append("<tr><td>")
            .append(escape(row.getString("worker_id")))
            .append("</td><td>")
            .append(escape(String.valueOf(row.getValue("queues"))))
            .append("</td><td>")
            .append(row.getValue("concurrency"))
            .append("</td><td>")
            .append(row.getValue("processed_during_load"))
            .append("</td><td>")
            .append(row.getValue("processed_per_s"))
            .append("</td><td>")
            .append(row.getValue("processed_after_load"))
            .append("</td></tr>");
      }
      if (worker.getJsonArray("workers").isEmpty()) {
        html.append("<tr class=\"fail\"><td colspan=\"6\">no live worker</td></tr>");
      }
      html.append("</table>");
    }
    if (worker.containsKey("tasks")) {
      html.append("<h3>Tasks finished, by type and outcome</h3><p>From ")
          .append(escape(worker.getString("metrics_url", "the worker's /metrics")))
          .append(" (ao_worker_tasks_total): that one worker's figures.</p>")
          .append(
              "<table><tr><th>type</th><th>outcome</th><th>during load</th><th>per s</th><th>after load</th></tr>");
      for (Object each : worker.getJsonArray("tasks")) {
        JsonObject row = (JsonObject) each;
        boolean bad =
            "failed".equals(row.getString("outcome")) || "dead".equals(row.getString("outcome"));
        html.append(bad ? "<tr class=\"fail\"><td>" : "<tr><td>")
            .append(escape(row.getString("type")))
            .append("</td><td>")
            .append(escape(row.getString("outcome")))
            .append("</td><td>")
            .append(row.getValue("during_load"))
            .append("</td><td>")
            .append(row.getValue("per_s"))
            .append("</td><td>")
            .append(row.getValue("after_load"))
            .append("</td></tr>");
      }
      html.append("</table>");
    } else if (worker.getString("tasks_note") != null) {
      html.append("<p>Tasks by type and outcome: ")
          .append(escape(worker.getString("tasks_note")))
          .append("</p>");
    }
    if (!worker.getJsonArray("queues", new JsonArray()).isEmpty()) {
      html.append(
          "<h3>Queues at the end</h3><table><tr><th>queue</th><th>depth</th><th>pending</th><th>delayed</th><th>dead</th><th>dead added</th></tr>");
      for (Object each : worker.getJsonArray("queues")) {
        JsonObject row = (JsonObject) each;
        html.append("<tr><td>")
            .append(escape(row.getString("queue")))
            .append("</td><td>")
            .append(row.getValue("depth"))
            .append("</td><td>")
            .append(row.getValue("pending"))
            .append("</td><td>")
            .append(row.getValue("delayed"))
            .append("</td><td>")
            .append(row.getValue("dead"))
            .append("</td><td>")
            .append(row.getValue("dead_added"))
            .append("</td></tr>");
      }
      html.append("</table>");
    }
  }

  private static void workflows(StringBuilder html, JsonObject workflows) {
    if (workflows == null) {
      return;
    }
    html.append("<h2>Workflows</h2><p>Started: ").append(workflows.getValue("started"));
    if (workflows.getLong("checked", 0L) == 0) {
      html.append("; none checked.</p>");
      return;
    }
    html.append("; checked: ")
        .append(workflows.getValue("checked"))
        .append(workflows.getBoolean("sampled", false) ? " (a random sample)" : "")
        .append("; finished (succeeded, failed or cancelled): ")
        .append(workflows.getValue("completed"))
        .append(", of which succeeded: ")
        .append(workflows.getValue("succeeded"))
        .append(". Polled their status documents for ")
        .append(workflows.getValue("waited_s"))
        .append(" s after the load (--settle ")
        .append(Axis.label(workflows.getDouble("settle_s", 0.0)))
        .append(")")
        .append(
            workflows.getInteger("polls_refused", 0) > 0
                ? "; "
                    + workflows.getValue("polls_refused")
                    + " polls were refused (429 or 5xx) and asked again"
                : "")
        .append(".</p><table><tr><th>status</th><th>workflows</th></tr>");
    workflows
        .getJsonObject("by_status", new JsonObject())
        .forEach(
            entry ->
                html.append("<tr><td>")
                    .append(escape(entry.getKey()))
                    .append("</td><td>")
                    .append(entry.getValue())
                    .append("</td></tr>"));
    html.append("</table>");
    JsonArray errors = workflows.getJsonArray("errors", new JsonArray());
    if (!errors.isEmpty()) {
      html.append("<p class=\"fail\">Errors of failed runs:</p><ul>");
      errors.forEach(
          error -> html.append("<li>").append(escape(String.valueOf(error))).append("</li>"));
      html.append("</ul>");
    }
  }

  private record Series(String name, String colour, ToDoubleFunction<JsonObject> value) {}

  /** Lines over time, with a y-axis of labelled ticks from 0 and an x-axis in seconds. */
  static String chart(List<JsonObject> history, List<Series> series) {
    double max = 0;
    for (JsonObject row : history) {
      for (Series s : series) {
        max = Math.max(max, s.value().applyAsDouble(row));
      }
    }
    Axis y = Axis.upTo(max);
    StringBuilder svg =
        new StringBuilder("<svg width=\"" + WIDTH + "\" height=\"" + (HEIGHT + 50) + "\">");
    yTicks(svg, y);
    int n = Math.max(1, history.size() - 1);
    double plotWidth = WIDTH - LEFT - RIGHT;
    Axis x = Axis.upTo(Math.max(1, history.size()));
    for (double tick : x.ticks()) {
      if (tick > n) {
        break;
      }
      double px = LEFT + plotWidth * tick / n;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
              px,
              TOP + HEIGHT,
              px,
              TOP + HEIGHT + 4,
              px,
              TOP + HEIGHT + 16,
              Axis.label(tick)));
    }
    int legendX = LEFT;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < history.size(); i++) {
        double px = LEFT + plotWidth * i / n;
        double py = TOP + HEIGHT - HEIGHT * s.value().applyAsDouble(history.get(i)) / y.top();
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(s.colour())
          .append("\" points=\"")
          .append(points)
          .append("\"/>");
      svg.append("<text x=\"")
          .append(legendX)
          .append("\" y=\"")
          .append(HEIGHT + 44)
          .append("\" font-size=\"12\" fill=\"")
          .append(s.colour())
          .append("\">")
          .append(escape(s.name()))
          .append("</text>");
      legendX += 90;
    }
    svg.append("<text x=\"")
        .append(WIDTH - RIGHT)
        .append("\" y=\"")
        .append(HEIGHT + 44)
        .append("\" font-size=\"11\" text-anchor=\"end\">seconds of the measured run</text>");
    return svg.append("</svg>").toString();
  }

  /** Horizontal grid lines at each tick of {@code y}, labelled at the left. */
  private static void yTicks(StringBuilder svg, Axis y) {
    for (double tick : y.ticks()) {
      double py = TOP + HEIGHT - HEIGHT * tick / y.top();
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
                  + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
              LEFT,
              py,
              WIDTH - RIGHT,
              py,
              tick == 0 ? "#999" : "#e4e4e4",
              LEFT - 6,
              py + 4,
              Axis.label(tick)));
    }
  }

  /** Bars: one per percentile, labelled, so the tail is as visible as the median. */
  private static String distribution(JsonArray points) {
    double max = 0;
    for (Object point : points) {
      max = Math.max(max, ((JsonObject) point).getDouble("ms"));
    }
    Axis y = Axis.upTo(max);
    int barWidth = points.isEmpty() ? 0 : (WIDTH - LEFT - RIGHT) / points.size();
    StringBuilder svg =
        new StringBuilder("<svg width=\"" + WIDTH + "\" height=\"" + (HEIGHT + 40) + "\">");
    yTicks(svg, y);
    for (int i = 0; i < points.size(); i++) {
      JsonObject point = points.getJsonObject(i);
      double height = HEIGHT * point.getDouble("ms") / y.top();
      int x = LEFT + 2 + i * barWidth;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#2a6fdb\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\">%.1f</text>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
              x,
              TOP + HEIGHT - height,
              barWidth - 4,
              height,
              x,
              Math.max(9, TOP - 2 + HEIGHT - height),
              point.getDouble("ms"),
              x,
              HEIGHT + 26,
              point.getValue("percentile")));
    }
    return svg.append("</svg>").toString();
  }

  private static String tableRow(JsonObject row) {
    return "<tr><td>"
        + escape(row.getString("name"))
        + "</td><td>"
        + row.getLong("requests")
        + "</td><td>"
        + row.getLong("failures")
        + "</td><td>"
        + row.getValue("rps")
        + "</td><td>"
        + row.getValue("p50_ms")
        + "</td><td>"
        + row.getValue("p90_ms")
        + "</td><td>"
        + row.getValue("p95_ms")
        + "</td><td>"
        + row.getValue("p99_ms")
        + "</td><td>"
        + row.getValue("p99_9_ms")
        + "</td><td>"
        + row.getValue("max_ms")
        + "</td></tr>";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
