package io.ao.loadtest.report;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** stats.csv (one row per endpoint) and history.csv (one row per second), Locust-style. */
public final class CsvReport {

  private static final String[] STATS = {
    "name",
    "requests",
    "failures",
    "rps",
    "p50_ms",
    "p90_ms",
    "p95_ms",
    "p99_ms",
    "p99_9_ms",
    "max_ms"
  };
  private static final String[] HISTORY = {
    "second", "requests", "users", "p50_ms", "p95_ms", "p99_ms", "max_ms", "api_rss_mib"
  };

  private CsvReport() {}

  public static String stats(JsonObject summary) {
    StringBuilder out = new StringBuilder(String.join(",", STATS)).append('\n');
    summary.getJsonArray("endpoints").forEach(row -> out.append(row((JsonObject) row, STATS)));
    return out.append(row(summary.getJsonObject("total"), STATS)).toString();
  }

  public static String history(List<JsonObject> rows) {
    StringBuilder out = new StringBuilder(String.join(",", HISTORY)).append('\n');
    rows.forEach(row -> out.append(row(row, HISTORY)));
    return out.toString();
  }

  private static String row(JsonObject row, String[] columns) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      Object value = row.getValue(columns[i]);
      String text = value == null ? "" : String.valueOf(value);
      line.append(i == 0 ? "" : ",")
          .append(
              text.contains(",") || text.contains("\"")
                  ? "\"" + text.replace("\"", "\"\"") + "\""
                  : text);
    }
    return line.append('\n').toString();
  }
}
