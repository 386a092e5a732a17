package io.ao.loadtest.observe;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What the workers had done at one moment: the API's /health/detailed (each live worker's {@code
 * processed} count, from its heartbeat, and the queues), and, when a worker's Prometheus endpoint
 * was given, its {@code ao_worker_tasks_total} by type and outcome.
 *
 * @param health the /health/detailed answer, or null when it could not be read ({@code healthError}
 *     says why)
 * @param tasks finished tasks by type and outcome, or null when not read ({@code metricsError} says
 *     why)
 */
public record WorkerSnapshot(
    long atMillis,
    JsonObject health,
    String healthError,
    Map<TaskKey, Double> tasks,
    String metricsError) {

  /** One {@code ao_worker_tasks_total} series. */
  public record TaskKey(String type, String outcome) implements Comparable<TaskKey> {
    @Override
    public int compareTo(TaskKey other) {
      int byType = type.compareTo(other.type);
      return byType != 0 ? byType : outcome.compareTo(other.outcome);
    }
  }
}
