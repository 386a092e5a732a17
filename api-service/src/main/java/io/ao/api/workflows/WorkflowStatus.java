package io.ao.api.workflows;

import io.ao.shared.queue.TaskState;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.workflows.Step;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.RunSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A run's status document: the run's own record (status, current step, path, what each step it
 * entered did), with each task step's attempts and error from its task's status hash. Every step of
 * the pinned definition is listed in order, entered or not (see {@link #notEntered}).
 */
final class WorkflowStatus {

  private WorkflowStatus() {}

  static JsonObject of(
      RunSnapshot run, WorkflowDefinition definition, Map<String, TaskStatus> tasks) {
    JsonArray steps = new JsonArray();
    long updatedAt = run.updatedAt();
    boolean anyFinished = false;
    for (Step step : definition == null ? java.util.List.<Step>of() : definition.steps()) {
      JsonObject entered = run.steps().get(step.name());
      JsonObject doc = new JsonObject().put("name", step.name()).put("kind", step.kind());
      if (entered == null) {
        doc.put("status", notEntered(run.status())).put("attempts", 0);
        if (run.status().equals("succeeded")) {
          doc.put("reason", "not on the run's path");
        }
        steps.add(doc);
        continue;
      }
      String status = entered.getString("status");
      doc.put("status", status)
          .put("started_at", entered.getLong("started_at"))
          .put("finished_at", entered.getLong("finished_at"))
          .put("error", entered.getString("error"))
          .put("attempts", 0);
      if (entered.containsKey("wake_at")) {
        // a wait's wake task: GET /api/tasks/{id} shows when it is due
        doc.put("wake_at", entered.getLong("wake_at")).put("task_id", entered.getString("task_id"));
      }
      if (entered.containsKey("branch")) {
        doc.put("branch", entered.getString("branch"));
      }
      if (step instanceof Step.TaskStep) {
        TaskStatus task = tasks.get(entered.getString("task_id"));
        if (task != null) {
          taskFigures(doc, task, status);
          updatedAt = Math.max(updatedAt, task.toJson().getLong("updated_at", 0L));
        }
      }
      if (entered.containsKey("output")) {
        doc.put("output", entered.getValue("output"));
      }
      anyFinished |= doc.getLong("finished_at") != null;
      steps.add(doc);
    }
    String status = run.status();
    if (status.equals("running") && !anyFinished && isQueuedTask(run, tasks)) {
      status = "queued";
    }
    JsonObject document =
        new JsonObject()
            .put("workflow_id", run.id())
            .put("workflow", run.workflow())
            .put("definition_version", run.version())
            .put("lead_id", run.leadId().isEmpty() ? null : run.leadId())
            .put("trigger", run.fields().getOrDefault("trigger", "api"))
            .put("status", status)
            .put("current_step", run.current().isEmpty() ? null : run.current())
            .put("path", run.path())
            .put("error", run.fields().get("error"))
            .put("steps", steps)
            .put("created_at", run.createdAt())
            .put("updated_at", updatedAt);
    if (status.equals("cancelled")) {
      document.put("cancel_reason", run.fields().get("cancel_reason"));
    }
    return document;
  }

  /**
   * The task's attempts, times and error; its live state while the step runs (retrying shows as
   * running, with the error that will be retried). A handler that had nothing to do (no CRM or SMTP
   * configured, the lead deleted) succeeds with {@code {"skipped": reason}}: such a step shows as
   * skipped, with the reason.
   */
  private static void taskFigures(JsonObject doc, TaskStatus task, String stepStatus) {
    JsonObject fields = task.toJson();
    TaskState state = task.state();
    doc.put("task_id", fields.getString("id"))
        .put("attempts", fields.getLong("attempts", 0L))
        .put("started_at", fields.getLong("started_at", doc.getLong("started_at")));
    if (stepStatus.equals("queued") || stepStatus.equals("running")) {
      doc.put(
          "status",
          switch (state) {
            case RUNNING, RETRYING -> "running";
            case SUCCEEDED -> "succeeded";
            case FAILED, DEAD -> "failed";
            case CANCELLED -> "cancelled";
            default -> "queued";
          });
    }
    if (state != TaskState.SUCCEEDED && fields.getString("last_error") != null) {
      doc.put("error", fields.getString("last_error"));
    }
    if (state == TaskState.SUCCEEDED
        && fields.getValue("result") instanceof JsonObject result
        && result.getValue("skipped") instanceof String reason) {
      doc.put("status", "skipped").put("reason", reason);
    }
  }

  /**
   * A step the run did not enter: skipped once the run succeeded (it took another way), cancelled
   * with the run, and pending otherwise (a failed run goes on when its step is re-driven).
   */
  private static String notEntered(String runStatus) {
    return switch (runStatus) {
      case "succeeded" -> "skipped";
      case "cancelled" -> "cancelled";
      default -> "pending";
    };
  }

  private static boolean isQueuedTask(RunSnapshot run, Map<String, TaskStatus> tasks) {
    JsonObject current = run.steps().get(run.current());
    if (current == null || !"task".equals(current.getString("kind"))) {
      return false;
    }
    TaskStatus task = tasks.get(current.getString("task_id"));
    return task == null || task.state() == TaskState.QUEUED;
  }
}
