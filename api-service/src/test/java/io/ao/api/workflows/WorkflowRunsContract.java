package io.ao.api.workflows;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runs as the API records them (no worker here): queued, cancelled, listed, defined; against one
 * server ({@link WorkflowRunsTest}) and a 3-master cluster with the queue in three partitions
 * ({@link WorkflowRunsClusterTest}).
 */
abstract class WorkflowRunsContract {

  private static Vertx vertx;
  static RunningApi api;

  static void startApi(RedisTarget redis, Map<String, String> env) {
    vertx = Vertx.vertx();
    redis.flushAll();
    api = RunningApi.start(vertx, redis, env);
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void aNewRunIsQueuedWithItsFirstStepEnqueuedAndTheRestPending() {
    JsonObject run = api.get(start("lead_intake", "queued@example.com")).bodyAsJsonObject();
    assertThat(run.getString("status")).isEqualTo("queued");
    JsonArray steps = run.getJsonArray("steps");
    assertThat(steps.stream().map(s -> ((JsonObject) s).getString("name")))
        .containsExactly("process", "crm_sync", "follow_up");
    assertThat(steps.getJsonObject(0).getString("status")).isEqualTo("queued");
    assertThat(steps.getJsonObject(1).getString("status")).isEqualTo("pending");
    assertThat(
            api.get("/api/tasks/" + steps.getJsonObject(0).getString("task_id"))
                .bodyAsJsonObject()
                .getString("type"))
        .isEqualTo("lead_process");
  }

  @Test
  void aCancelledRunRunsNoMoreSteps() {
    String statusUrl = start("crm_sync", "cancel@example.com");
    String runId = statusUrl.split("/")[3];
    JsonObject cancelled =
        api.send(HttpMethod.POST, "/api/workflows/" + runId + "/cancel").bodyAsJsonObject();
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getJsonArray("steps").getJsonObject(0).getString("status"))
        .isEqualTo("cancelled");
    Problems.assertProblem(api.send(HttpMethod.POST, "/api/workflows/no-such-run/cancel"), 404);
  }

  @Test
  void runsAreListedNewestFirstAndFilteredByStatus() {
    String first = start("crm_sync", "list-1@example.com").split("/")[3];
    String second = start("crm_sync", "list-2@example.com").split("/")[3];
    api.send(HttpMethod.POST, "/api/workflows/" + first + "/cancel");

    JsonArray all = api.get("/api/workflows?limit=500").bodyAsJsonObject().getJsonArray("items");
    int secondAt = indexOf(all, second);
    int firstAt = indexOf(all, first);
    assertThat(secondAt).isLessThan(firstAt);
    JsonArray cancelled =
        api.get("/api/workflows?status=cancelled&limit=500")
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertThat(cancelled.stream().map(r -> ((JsonObject) r).getString("status")))
        .containsOnly("cancelled");
    assertThat(indexOf(cancelled, first)).isNotNegative();
    assertThat(indexOf(cancelled, second)).isNegative();
    Problems.assertInvalidFields(api.get("/api/workflows?status=done&limit=0"), "status", "limit");
    Problems.assertInvalidFields(
        api.get("/api/workflows?workflow=Not%20A%20Name&lead_id=a%20b&cursor=%00"),
        "workflow",
        "lead_id",
        "cursor");
  }

  @Test
  void runsAreListedByWorkflowAndByLead() {
    String one = start("crm_sync", "by-lead@example.com").split("/")[3];
    String other = start("lead_intake", "by-lead-2@example.com").split("/")[3];
    JsonObject run = api.get("/api/workflows/" + one + "/status").bodyAsJsonObject();
    String lead = run.getString("lead_id");

    JsonArray ofLead =
        api.get("/api/workflows?lead_id=" + lead).bodyAsJsonObject().getJsonArray("items");
    assertThat(ofLead.stream().map(r -> ((JsonObject) r).getString("workflow_id")))
        .containsExactly(one);
    JsonArray ofWorkflow =
        api.get("/api/workflows?workflow=lead_intake&limit=500")
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertThat(ofWorkflow.stream().map(r -> ((JsonObject) r).getString("workflow")))
        .containsOnly("lead_intake");
    assertThat(indexOf(ofWorkflow, other)).isNotNegative();
    assertThat(
            api.get("/api/workflows?workflow=lead_intake&lead_id=" + lead)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();
  }

  @Test
  void manyRunsAreEachListedOnceAndReadableWithTheirFirstStep() {
    List<String> runs = manyRuns();
    JsonArray all = api.get("/api/workflows?limit=500").bodyAsJsonObject().getJsonArray("items");
    for (String runId : runs) {
      assertThat(all.stream().filter(r -> ((JsonObject) r).getString("workflow_id").equals(runId)))
          .hasSize(1);
      JsonObject status = api.get("/api/workflows/" + runId + "/status").bodyAsJsonObject();
      String firstStep = status.getJsonArray("steps").getJsonObject(0).getString("task_id");
      assertThat(api.get("/api/tasks/" + firstStep).bodyAsJsonObject().getString("state"))
          .isEqualTo("queued");
    }
  }

  /**
   * Nine runs (their ids are random, so on a partitioned queue they fall in several partitions).
   */
  static List<String> manyRuns() {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      runs.add(
          start("crm_sync", "many-" + i + "-" + System.nanoTime() + "@example.com").split("/")[3]);
    }
    return runs;
  }

  @Test
  void definitionsListTheConfiguredWorkflowsAndTheirSteps() {
    JsonArray items =
        api.get("/api/workflows/definitions").bodyAsJsonObject().getJsonArray("items");
    JsonObject intake =
        items.stream()
            .map(i -> (JsonObject) i)
            .filter(i -> i.getString("name").equals("lead_intake"))
            .findFirst()
            .orElseThrow();
    assertThat(intake.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("type")))
        .containsExactly("lead_process", "crm_update", "email_send");
  }

  @Test
  void aTriggerWithoutALeadSaysALeadIsRequiredAndWithBothSaysNotBoth() {
    JsonObject missing =
        Problems.assertProblem(
            api.postJson("/api/workflows", new JsonObject().put("workflow", "lead_intake")), 422);
    JsonObject both =
        Problems.assertProblem(
            api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", "lead_intake")
                    .put("lead", new JsonObject().put("email", "both@example.com"))
                    .put("lead_id", "some-lead")),
            422);

    assertThat(missing.getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("is required: give lead (an object) or lead_id");
    assertThat(both.getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("give either lead (an object) or lead_id, not both");
  }

  static String start(String workflow, String email) {
    JsonObject accepted =
        api.postJson(
                "/api/workflows",
                new JsonObject()
                    .put("workflow", workflow)
                    .put("lead", new JsonObject().put("email", email)))
            .bodyAsJsonObject();
    assertThat(accepted.getString("status")).isEqualTo("queued");
    return accepted.getString("status_url");
  }

  private static int indexOf(JsonArray runs, String id) {
    for (int i = 0; i < runs.size(); i++) {
      if (runs.getJsonObject(i).getString("workflow_id").equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
