package io.ao.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run's figures cannot be trusted for, from its summary: printed at the end of the run and
 * shown at the top of its report.
 */
public final class Warnings {

  /** Above this share of 429 answers, the run measured the rate limiter. */
  public static final double RATE_LIMITED_SHARE = 0.05;

  private Warnings() {}

  public static List<String> of(JsonObject summary) {
    List<String> warnings = new ArrayList<>();
    rateLimited(summary.getJsonObject("rate_limited"), warnings);
    memory(summary.getJsonObject("memory"), warnings);
    worker(summary.getJsonObject("worker"), warnings);
    workflows(summary.getJsonObject("workflows"), warnings);
    return warnings;
  }

  private static void rateLimited(JsonObject limited, List<String> warnings) {
    if (limited == null || limited.getDouble("share", 0.0) <= RATE_LIMITED_SHARE) {
      return;
    }
    warnings.add(
        String.format(
            Locale.ROOT,
            "%.1f%% of requests (%,d of %,d) were answered 429 Too Many Requests: these figures"
                + " are the rate limiter's, not the API's. Give the load-test user a higher limit,"
                + " e.g. AO_RATE_LIMIT_PER_ROLE='{\"admin\": 1000000}' ./run.sh.",
            limited.getDouble("share") * 100,
            limited.getLong("responses"),
            limited.getLong("of_requests")));
  }

  private static void memory(JsonObject memory, List<String> warnings) {
    if (memory != null && Boolean.FALSE.equals(memory.getBoolean("listens_on_url_port"))) {
      warnings.add(
          "Process "
              + memory.getValue("pid")
              + " (--api-pid) does not listen on the --url port: its memory is not the API's"
              + " under load.");
    }
  }

  private static void worker(JsonObject worker, List<String> warnings) {
    if (worker == null) {
      return;
    }
    if (worker.getString("health_error") != null) {
      warnings.add("The workers' figures could not be read: " + worker.getString("health_error"));
    } else if (worker.getJsonArray("workers", new JsonArray()).isEmpty()) {
      warnings.add(
          "/health/detailed listed no live worker at the end of the load: the tasks the run"
              + " enqueued did not run.");
    }
    long failed = 0;
    for (Object each : worker.getJsonArray("tasks", new JsonArray())) {
      JsonObject row = (JsonObject) each;
      if ("failed".equals(row.getString("outcome")) || "dead".equals(row.getString("outcome"))) {
        failed += row.getLong("during_load", 0L) + row.getLong("after_load", 0L);
      }
    }
    if (failed > 0) {
      warnings.add(String.format(Locale.ROOT, "%,d tasks failed or went dead.", failed));
    }
    for (Object each : worker.getJsonArray("queues", new JsonArray())) {
      JsonObject queue = (JsonObject) each;
      if (queue.getLong("dead_added", 0L) > 0) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "Queue %s gained %,d dead letters during the run.",
                queue.getString("queue"),
                queue.getLong("dead_added")));
      }
    }
  }

  private static void workflows(JsonObject workflows, List<String> warnings) {
    if (workflows == null || workflows.getInteger("checked", 0) == 0) {
      return;
    }
    long checked = workflows.getLong("checked");
    long completed = workflows.getLong("completed", 0L);
    if (completed < checked) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "Only %,d of the %,d workflows checked had finished when the check stopped, %.1f s"
                  + " after the load (--settle %s): %s.",
              completed,
              checked,
              workflows.getDouble("waited_s", 0.0),
              Axis.label(workflows.getDouble("settle_s", 0.0)),
              workflows.getJsonObject("by_status", new JsonObject()).encode()));
    }
    long failed = workflows.getJsonObject("by_status", new JsonObject()).getLong("failed", 0L);
    if (failed > 0) {
      warnings.add(
          String.format(Locale.ROOT, "%,d of the workflows checked failed.", failed)
              + (workflows.getJsonArray("errors", new JsonArray()).isEmpty()
                  ? ""
                  : " First error: " + workflows.getJsonArray("errors").getString(0)));
    }
  }
}
