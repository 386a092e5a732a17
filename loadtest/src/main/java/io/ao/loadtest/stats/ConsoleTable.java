package io.ao.loadtest.stats;

import io.vertx.core.json.JsonObject;

/** The per-endpoint table printed at the end of a run. */
public final class ConsoleTable {

  private ConsoleTable() {}

  public static String render(JsonObject summary) {
    StringBuilder out = new StringBuilder();
    String header =
        String.format(
            "%-40s %9s %8s %8s %8s %8s %8s %8s %8s %9s%n",
            "endpoint",
            "requests",
            "failures",
            "rps",
            "p50 ms",
            "p90 ms",
            "p95 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms");
    out.append(header).append("-".repeat(header.length() - 1)).append('\n');
    summary.getJsonArray("endpoints").forEach(row -> out.append(line((JsonObject) row)));
    out.append("-".repeat(header.length() - 1))
        .append('\n')
        .append(line(summary.getJsonObject("total")));
    return out.toString();
  }

  private static String line(JsonObject row) {
    return String.format(
        "%-40s %9d %8d %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %9.1f%n",
        row.getString("name"),
        row.getLong("requests"),
        row.getLong("failures"),
        row.getDouble("rps"),
        row.getDouble("p50_ms"),
        row.getDouble("p90_ms"),
        row.getDouble("p95_ms"),
        row.getDouble("p99_ms"),
        row.getDouble("p99_9_ms"),
        row.getDouble("max_ms"));
  }
}
