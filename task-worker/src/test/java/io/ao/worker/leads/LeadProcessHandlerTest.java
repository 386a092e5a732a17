package io.ao.worker.leads;

import static io.ao.worker.support.HandlerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.support.HandlerHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** lead_process scores beside the document (the ETag stays) and, in a chain, enqueues the sync. */
@ExtendWith(RedisServerExtension.class)
class LeadProcessHandlerTest {

  private static HandlerHarness harness;
  private static final LeadScorer SCORER =
      new LeadScorer(
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("field", "company")
                      .put("when", "present")
                      .put("points", 20)));

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void reset() {
    harness.reset();
  }

  @Test
  void inAChainTheScoreIsRecordedWithoutANewVersionAndTheChainsSyncIsEnqueued() {
    String leadId =
        harness.storeLead(new JsonObject().put("email", "ada@example.com").put("company", "Acme"));
    harness.setLeadFields(leadId, "sync_chain", "1");
    LeadProcessHandler handler = new LeadProcessHandler(harness.leads, SCORER);

    JsonObject result =
        await(
            handler.handle(
                harness.delivery(
                    leadId + ".process.1",
                    TaskTypes.LEAD_PROCESS,
                    new JsonObject().put("lead_id", leadId).put("chain", 1))));

    assertThat(result.getInteger("score")).isEqualTo(20);
    JsonObject lead = harness.lead(leadId);
    assertThat(lead.getInteger("score")).isEqualTo(20);
    assertThat(lead.getLong("version")).as("the client's ETag").isEqualTo(1L);
    assertThat(harness.leadField(leadId, "scored_version")).isEqualTo("1");
    String sync = leadId + ".crm.1";
    assertThat(harness.taskField(sync, "state")).isEqualTo("queued");
    assertThat(harness.taskField(sync, "type")).isEqualTo(TaskTypes.CRM_UPDATE);
    assertThat(new JsonObject(harness.taskField(sync, "payload")))
        .isEqualTo(new JsonObject().put("lead_id", leadId).put("chain", 1));
  }

  @Test
  void asAWorkflowStepItOnlyScoresAndADeletedLeadIsSkipped() {
    String leadId = harness.storeLead(new JsonObject().put("email", "ada@example.com"));
    LeadProcessHandler handler = new LeadProcessHandler(harness.leads, SCORER);

    await(
        handler.handle(
            harness.delivery(TaskTypes.LEAD_PROCESS, new JsonObject().put("lead_id", leadId))));
    JsonObject gone =
        await(
            handler.handle(
                harness.delivery(TaskTypes.LEAD_PROCESS, new JsonObject().put("lead_id", "gone"))));

    assertThat(harness.lead(leadId).getInteger("score")).isZero();
    assertThat(harness.taskField(leadId + ".crm.1", "state")).isNull();
    assertThat(gone.getString("skipped")).isEqualTo("lead deleted");
  }
}
