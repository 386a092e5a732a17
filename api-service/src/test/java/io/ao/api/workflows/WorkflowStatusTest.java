package io.ao.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.shared.queue.TaskStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowStatusTest {

  private static final JsonObject RUN =
      new JsonObject()
          .put("id", "run-1")
          .put("workflow", "lead_intake")
          .put("lead_id", "lead-1")
          .put("steps", new JsonArray().add("process").add("crm_sync").encode())
          .put("created_at", "1000");

  private static TaskStatus succeeded(String id, JsonObject result, String lastError) {
    JsonObject fields =
        new JsonObject()
            .put("id", id)
            .put("state", "succeeded")
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
    JsonObject status =
        WorkflowStatus.of(
            RUN,
            List.of(
                succeeded("t0", new JsonObject().put("score", 80), "timed out after 2000 ms"),
                succeeded(
                    "t1", new JsonObject().put("skipped", "crm.api_base_url is not set"), null)));

    JsonObject process = status.getJsonArray("steps").getJsonObject(0);
    JsonObject sync = status.getJsonArray("steps").getJsonObject(1);
    assertThat(process.getString("status")).isEqualTo("succeeded");
    assertThat(process.getValue("error")).as("the retried step succeeded").isNull();
    assertThat(sync.getString("status")).isEqualTo("skipped");
    assertThat(sync.getString("reason")).isEqualTo("crm.api_base_url is not set");
    assertThat(status.getString("status")).isEqualTo("succeeded");
  }
}
