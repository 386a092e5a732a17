package io.ao.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.shared.queue.TaskStatus;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.RunSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowStatusTest {

  private static final WorkflowDefinition DEFINITION =
      WorkflowDefinition.parse(
              new JsonObject()
                  .put("name", "nurture")
                  .put("version", 2)
                  .put(
                      "steps",
                      new JsonArray()
                          .add(new JsonObject().put("name", "process").put("type", "lead_process"))
                          .add(
                              new JsonObject()
                                  .put("name", "hot")
                                  .put("if", "lead.score >= 50")
                                  .put("then", "crm_sync")
                                  .put("else", "wait_2d"))
                          .add(new JsonObject().put("name", "wait_2d").put("wait", "P2D"))
                          .add(new JsonObject().put("name", "crm_sync").put("type", "crm_update"))),
              TaskTypes.STEP_TYPES)
          .definition();

  private static RunSnapshot run(String status, String current, Map<String, JsonObject> steps) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", "run-1");
    fields.put("workflow", "nurture");
    fields.put("version", "2");
    fields.put("lead_id", "lead-1");
    fields.put("status", status);
    fields.put("current", current);
    fields.put("created_at", "1000");
    fields.put("updated_at", "1500");
    fields.put("path", new JsonArray(steps.keySet().stream().toList()).encode());
    steps.forEach((name, doc) -> fields.put("s:" + name, doc.encode()));
    return RunSnapshot.from(fields);
  }

  private static TaskStatus task(String id, String state, JsonObject result, String lastError) {
    JsonObject fields =
        new JsonObject()
            .put("id", id)
            .put("state", state)
            .put("attempts", "2")
            .put("updated_at", "2000")
            .put("result", result.encode());
    if (lastError != null) {
      fields.put("last_error", lastError);
    }
    return new TaskStatus(fields);
  }

  @Test
  void aStepWithNothingToDoIsSkippedWithItsReasonAndARetriedStepKeepsNoOldError() {
    Map<String, JsonObject> steps = new LinkedHashMap<>();
    steps.put(
        "process",
        new JsonObject().put("kind", "task").put("status", "succeeded").put("task_id", "t0"));
    steps.put(
        "hot",
        new JsonObject().put("kind", "condition").put("status", "succeeded").put("branch", "then"));
    steps.put(
        "crm_sync",
        new JsonObject().put("kind", "task").put("status", "succeeded").put("task_id", "t3"));
    JsonObject status =
        WorkflowStatus.of(
            run("succeeded", "", steps),
            DEFINITION,
            Map.of(
                "t0",
                task(
                    "t0",
                    "succeeded",
                    new JsonObject().put("score", 80),
                    "timed out after 2000 ms"),
                "t3",
                task(
                    "t3",
                    "succeeded",
                    new JsonObject().put("skipped", "crm.api_base_url is not set"),
                    null)));

    JsonArray docs = status.getJsonArray("steps");
    assertThat(docs.getJsonObject(0).getString("status")).isEqualTo("succeeded");
    assertThat(docs.getJsonObject(0).getValue("error")).as("the retried step succeeded").isNull();
    assertThat(docs.getJsonObject(1).getString("branch")).isEqualTo("then");
    assertThat(docs.getJsonObject(2).getString("status"))
        .as("the branch not taken")
        .isEqualTo("skipped");
    assertThat(docs.getJsonObject(3).getString("status")).isEqualTo("skipped");
    assertThat(docs.getJsonObject(3).getString("reason")).isEqualTo("crm.api_base_url is not set");
    assertThat(status.getString("status")).isEqualTo("succeeded");
    assertThat(status.getInteger("definition_version")).isEqualTo(2);
    assertThat(status.getJsonArray("path")).containsExactly("process", "hot", "crm_sync");
    assertThat(status.getValue("current_step")).isNull();
  }

  @Test
  void aWaitingRunShowsItsWakeTimeAndTheStepsAheadArePending() {
    Map<String, JsonObject> steps = new LinkedHashMap<>();
    steps.put(
        "process",
        new JsonObject().put("kind", "task").put("status", "succeeded").put("task_id", "t0"));
    steps.put(
        "hot",
        new JsonObject().put("kind", "condition").put("status", "succeeded").put("branch", "else"));
    steps.put(
        "wait_2d",
        new JsonObject()
            .put("kind", "wait")
            .put("status", "waiting")
            .put("task_id", "t2")
            .put("wake_at", 172_801_000L));
    JsonObject status =
        WorkflowStatus.of(
            run("waiting", "wait_2d", steps),
            DEFINITION,
            Map.of("t0", task("t0", "succeeded", new JsonObject(), null)));

    JsonArray docs = status.getJsonArray("steps");
    assertThat(status.getString("status")).isEqualTo("waiting");
    assertThat(status.getString("current_step")).isEqualTo("wait_2d");
    assertThat(docs.getJsonObject(2).getLong("wake_at")).isEqualTo(172_801_000L);
    assertThat(docs.getJsonObject(3).getString("status")).isEqualTo("pending");
  }
}
