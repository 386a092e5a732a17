package io.ao.shared.workflows.engine;

import io.ao.shared.queue.NewTask;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Where a run goes next, as the run scripts take it (workflow_lib.lua {@code wf_apply}): the steps
 * passed on the way (conditions with the branch they took, a wait_for already true) and the step
 * the run stops at: a task to enqueue, a wait whose wake task is scheduled, or the run's end.
 */
public final class Plan {

  /** How the run stops: the script's {@code enter.kind}. */
  public enum Stop {
    /** A step's task is enqueued. */
    TASK,
    /** A wait: its wake task is scheduled for the wake time. */
    WAIT,
    /** A wait for the lead: its wake task is scheduled for the timeout. */
    WAIT_FOR,
    /** An end step: the run succeeded. */
    END,
    /** Past the last step: the run succeeded. */
    DONE,
    /** An expression failed: the run failed at that step. */
    FAIL,
    /** The definition's cancel_if held: the run is cancelled. */
    CANCEL
  }

  private final JsonArray path;
  private final Stop stop;
  private final String step;
  private final NewTask task;
  private final long due;
  private final String detail;
  private final String stepKind;

  private Plan(
      JsonArray path,
      Stop stop,
      String step,
      NewTask task,
      long due,
      String detail,
      String stepKind) {
    this.path = path;
    this.stop = stop;
    this.step = step;
    this.task = task;
    this.due = due;
    this.detail = detail;
    this.stepKind = stepKind;
  }

  public Stop stop() {
    return stop;
  }

  /** The step the run stops at ("" when it ran past the last step or was cancelled). */
  public String step() {
    return step;
  }

  /** The task this plan enqueues or schedules, or null. */
  public NewTask task() {
    return task;
  }

  /** When a wait's wake task is due (epoch ms), else 0. */
  public long due() {
    return due;
  }

  /** A failure's message, or a cancellation's reason; else null. */
  public String detail() {
    return detail;
  }

  public JsonObject toJson(String queue) {
    JsonObject enter = new JsonObject().put("kind", stop.name().toLowerCase(Locale.ROOT));
    if (!step.isEmpty()) {
      enter.put("step", step);
    }
    if (task != null) {
      enter
          .put("task_id", task.id())
          .put("fields", task.toScriptJson(queue).getJsonArray("fields"));
    }
    if (due > 0) {
      enter.put("due", due);
    }
    if (stop == Stop.FAIL) {
      enter.put("error", detail).put("step_kind", stepKind);
    } else if (stop == Stop.CANCEL) {
      enter.put("reason", detail);
    }
    JsonObject plan = new JsonObject().put("enter", enter);
    if (!path.isEmpty()) {
      plan.put("path", path);
    }
    return plan;
  }

  /** The steps walked through while planning, and the plan it ends in. */
  static final class Walk {
    private final JsonArray path = new JsonArray();

    void passed(String step, String kind, String branch, JsonObject output) {
      JsonObject entry = new JsonObject().put("step", step).put("kind", kind);
      if (branch != null) {
        entry.put("branch", branch);
      }
      if (output != null) {
        entry.put("output", output);
      }
      path.add(entry);
    }

    Plan task(String step, NewTask task) {
      return new Plan(path, Stop.TASK, step, task, 0, null, "task");
    }

    Plan wait(String step, Stop kind, NewTask wake, long due) {
      return new Plan(path, kind, step, wake, due, null, kind == Stop.WAIT ? "wait" : "wait_for");
    }

    Plan end(String step) {
      return new Plan(path, Stop.END, step, null, 0, null, "end");
    }

    Plan done() {
      return new Plan(path, Stop.DONE, "", null, 0, null, null);
    }

    Plan fail(String step, String kind, String error) {
      return new Plan(path, Stop.FAIL, step, null, 0, error, kind);
    }

    Plan cancel(String reason) {
      return new Plan(path, Stop.CANCEL, "", null, 0, reason, null);
    }
  }
}
