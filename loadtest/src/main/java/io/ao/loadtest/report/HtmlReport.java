package io.ao.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML report (no scripts, no fonts, no CDN: opens offline): throughput, latency
 * percentiles and active users over time as inline SVG, the percentile table per endpoint, and the
 * failures.
 */
public final class HtmlReport {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 220;

  private HtmlReport() {}

  public static String render(String title, JsonObject summary, List<JsonObject> history) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append(
            "</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append(
            "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append(
            ".fail{color:#b00}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>")
        .append("<h1>")
        .append(escape(title))
        .append("</h1><p>")
        .append(summary.getJsonObject("total").getLong("requests"))
        .append(" requests, ")
        .append(summary.getJsonObject("total").getLong("failures"))
        .append(" failures in ")
        .append(summary.getValue("duration_s"))
        .append(" s")
        .append(
            summary.containsKey("api_rss_mib_max")
                ? "; API resident memory peaked at " + summary.getValue("api_rss_mib_max") + " MiB"
                : "")
        .append("</p>");
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
    html.append("<h2>Latency by percentile, all requests (ms)</h2>")
        .append(distribution(summary.getJsonArray("percentile_distribution", new JsonArray())));
    html.append(
            "<h2>Percentiles per endpoint (ms)</h2><table><tr><th>endpoint</th><th>requests</th><th>failures</th>")
        .append(
            "<th>rps</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr>");
    summary.getJsonArray("endpoints").forEach(row -> html.append(tableRow((JsonObject) row)));
    html.append(tableRow(summary.getJsonObject("total"))).append("</table>");
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
    if (summary.getJsonObject("total").getLong("failures") == 0) {
      html.append("<tr><td colspan=\"4\">none: every request got the answer it expected</td></tr>");
    }
    return html.append("</table></body></html>\n").toString();
  }

  private record Series(String name, String colour, ToDoubleFunction<JsonObject> value) {}

  private static String chart(List<JsonObject> history, List<Series> series) {
    double max = 1;
    for (JsonObject row : history) {
      for (Series s : series) {
        max = Math.max(max, s.value().applyAsDouble(row));
      }
    }
    StringBuilder svg =
        new StringBuilder("<svg width=\"" + WIDTH + "\" height=\"" + (HEIGHT + 30) + "\">");
    svg.append(
        String.format(Locale.ROOT, "<text x=\"4\" y=\"12\" font-size=\"11\">%.1f</text>", max));
    int n = Math.max(1, history.size() - 1);
    int legendX = 60;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < history.size(); i++) {
        double x = 40 + (WIDTH - 50.0) * i / n;
        double y = 10 + HEIGHT - HEIGHT * s.value().applyAsDouble(history.get(i)) / max;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(s.colour())
          .append("\" points=\"")
          .append(points)
          .append("\"/>");
      svg.append("<text x=\"")
          .append(legendX)
          .append("\" y=\"")
          .append(HEIGHT + 26)
          .append("\" font-size=\"12\" fill=\"")
          .append(s.colour())
          .append("\">")
          .append(escape(s.name()))
          .append("</text>");
      legendX += 90;
    }
    svg.append("<text x=\"")
        .append(WIDTH - 80)
        .append("\" y=\"")
        .append(HEIGHT + 26)
        .append("\" font-size=\"11\">seconds: ")
        .append(history.size())
        .append("</text>");
    return svg.append("</svg>").toString();
  }

  /** Bars: one per percentile, labelled, so the tail is as visible as the median. */
  private static String distribution(JsonArray points) {
    double max = 0.001;
    for (Object point : points) {
      max = Math.max(max, ((JsonObject) point).getDouble("ms"));
    }
    int barWidth = points.isEmpty() ? 0 : (WIDTH - 60) / points.size();
    StringBuilder svg =
        new StringBuilder("<svg width=\"" + WIDTH + "\" height=\"" + (HEIGHT + 40) + "\">");
    for (int i = 0; i < points.size(); i++) {
      JsonObject point = points.getJsonObject(i);
      double height = HEIGHT * point.getDouble("ms") / max;
      int x = 40 + i * barWidth;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#2a6fdb\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\">%.1f</text>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
              x,
              10 + HEIGHT - height,
              barWidth - 4,
              height,
              x,
              Math.max(9, 8 + HEIGHT - height),
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
