package io.ao.loadtest.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

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

  /** The lines under the table: 429s, the workers' rates, the workflows, the memory. */
  public static String observations(JsonObject summary) {
    StringBuilder out = new StringBuilder();
    JsonObject limited = summary.getJsonObject("rate_limited");
    if (limited != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "429 (rate limited): %d of %d requests (%.1f%%)%n",
              limited.getLong("responses"),
              limited.getLong("of_requests"),
              limited.getDouble("share") * 100));
    }
    JsonObject worker = summary.getJsonObject("worker");
    if (worker != null) {
      if (worker.containsKey("processed_during_load")) {
        out.append(
            String.format(
                Locale.ROOT,
                "workers: %d live, %d tasks processed during the load (%.1f/s), %d after it%n",
                worker.getJsonArray("workers").size(),
                worker.getLong("processed_during_load"),
                worker.getDouble("processed_per_s"),
                worker.getLong("processed_after_load")));
      } else {
        out.append("workers: ").append(worker.getString("health_error")).append('\n');
      }
      for (Object each : worker.getJsonArray("tasks", new JsonArray())) {
        JsonObject row = (JsonObject) each;
        out.append(
            String.format(
                Locale.ROOT,
                "  %-20s %-10s %8d during load (%.1f/s), %d after%n",
                row.getString("type"),
                row.getString("outcome"),
                row.getLong("during_load"),
                row.getDouble("per_s"),
                row.getLong("after_load")));
      }
      if (worker.getString("tasks_note") != null) {
        out.append("  tasks by type and outcome: ")
            .append(worker.getString("tasks_note"))
            .append('\n');
      }
    }
    JsonObject workflows = summary.getJsonObject("workflows");
    if (workflows != null && workflows.getLong("checked") == 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "workflows: %d started, none checked (--check-workflows 0, or none started)%n",
              workflows.getLong("started")));
    } else if (workflows != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "workflows: %d started, %d checked%s, %d finished (%d succeeded) after %.1f s: %s%n",
              workflows.getLong("started"),
              workflows.getLong("checked"),
              workflows.getBoolean("sampled", false) ? " (a sample)" : "",
              workflows.getLong("completed"),
              workflows.getLong("succeeded"),
              workflows.getDouble("waited_s"),
              workflows.getJsonObject("by_status").encode()));
    }
    JsonObject memory = summary.getJsonObject("memory");
    if (memory != null) {
      out.append(
              memory.getValue("pid") == null
                  ? "API memory: " + memory.getString("note")
                  : "API resident memory peak: "
                      + memory.getValue("peak_rss_mib")
                      + " MiB (pid "
                      + memory.getValue("pid")
                      + ")")
          .append('\n');
    }
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
