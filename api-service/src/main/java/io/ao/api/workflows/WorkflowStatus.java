package io.ao.api.workflows;

import io.ao.shared.queue.TaskState;
import io.ao.shared.queue.TaskStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A run's status document, read from its steps' task states: failed as soon as a step is failed or
 * dead (with that step's error); succeeded when the last step succeeded; cancelled when cancelled
 * and nothing is running; running once a step started; else queued.
 */
final class WorkflowStatus {

  private WorkflowStatus() {}

  static JsonObject of(JsonObject run, List<TaskStatus> steps) {
    JsonArray names = new JsonArray(run.getString("steps"));
    JsonArray stepDocs = new JsonArray();
    String status = "queued";
    String error = null;
    long updatedAt = Long.parseLong(run.getString("created_at"));
    boolean anyStarted = false;
    boolean running = false;
    for (int i = 0; i < names.size(); i++) {
      TaskStatus task = steps.get(i);
      JsonObject doc = new JsonObject().put("name", names.getString(i));
      if (task == null) {
        doc.put("status", "pending").put("attempts", 0);
      } else {
        JsonObject fields = task.toJson();
        TaskState state = task.state();
        String skipped = skipReason(state, fields);
        doc.put("status", skipped != null ? "skipped" : state.wireName())
            .put("task_id", fields.getString("id"))
            .put("attempts", fields.getLong("attempts", 0L))
            .put("started_at", fields.getLong("started_at"))
            .put("finished_at", fields.getLong("finished_at"))
            // a step that succeeded after a retry has no error any more
            .put("error", state == TaskState.SUCCEEDED ? null : fields.getString("last_error"));
        if (skipped != null) {
          doc.put("reason", skipped);
        }
        updatedAt = Math.max(updatedAt, fields.getLong("updated_at", 0L));
        anyStarted |= state != TaskState.QUEUED && state != TaskState.SCHEDULED;
        running |= state == TaskState.RUNNING || state == TaskState.RETRYING;
        if ((state == TaskState.FAILED || state == TaskState.DEAD) && error == null) {
          status = "failed";
          error = names.getString(i) + ": " + fields.getString("last_error");
        }
      }
      stepDocs.add(doc);
    }
    TaskStatus last = steps.get(steps.size() - 1);
    if (!"failed".equals(status)) {
      if (last != null && last.state() == TaskState.SUCCEEDED) {
        status = "succeeded";
      } else if ("1".equals(run.getString("cancelled")) && !running) {
        status = "cancelled";
      } else if (anyStarted) {
        status = "running";
      }
    }
    return new JsonObject()
        .put("workflow_id", run.getString("id"))
        .put("workflow", run.getString("workflow"))
        .put("lead_id", run.getString("lead_id"))
        .put("status", status)
        .put("error", error)
        .put("steps", stepDocs)
        .put("created_at", Long.parseLong(run.getString("created_at")))
        .put("updated_at", updatedAt);
  }

  /**
   * A handler that had nothing to do (no CRM or SMTP configured, the lead deleted) succeeds with
   * {@code {"skipped": reason}}; the run shows such a step as skipped, with the reason.
   */
  private static String skipReason(TaskState state, JsonObject fields) {
    if (state != TaskState.SUCCEEDED || !(fields.getValue("result") instanceof JsonObject result)) {
      return null;
    }
    return result.getValue("skipped") instanceof String reason ? reason : null;
  }
}
