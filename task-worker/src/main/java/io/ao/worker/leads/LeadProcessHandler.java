package io.ao.worker.leads;

import io.ao.shared.leads.LeadRecords;
import io.ao.shared.leads.LeadSyncChain;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * lead_process: scores the lead (its contact fields were normalized when written) and records the
 * score beside it. In a lead's sync chain the same script enqueues the chain's CRM sync, so the CRM
 * gets the lead with its score. Running it twice gives the same result, so a redelivery is
 * harmless.
 */
public final class LeadProcessHandler implements TaskHandler {

  private final LeadRecords leads;
  private final LeadScorer scorer;

  public LeadProcessHandler(LeadRecords leads, LeadScorer scorer) {
    this.leads = leads;
    this.scorer = scorer;
  }

  @Override
  public String type() {
    return TaskTypes.LEAD_PROCESS;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    String leadId = task.payload().getString("lead_id");
    if (leadId == null) {
      return Future.failedFuture(new PermanentTaskFailure("payload has no lead_id"));
    }
    Long chain = LeadSyncChain.chainOf(task.payload());
    return leads
        .get(leadId)
        .compose(
            lead -> {
              if (lead == null) {
                return Future.succeededFuture(deleted(leadId));
              }
              int score = scorer.score(lead);
              return leads
                  .scored(
                      leadId,
                      score,
                      lead.getLong("version"),
                      chain,
                      chain == null
                          ? null
                          : LeadSyncChain.crmSync(
                              leadId, chain, task.maxAttempts(), task.envelope().requestId()))
                  .map(
                      recorded ->
                          recorded
                              ? new JsonObject().put("lead_id", leadId).put("score", score)
                              : deleted(leadId));
            });
  }

  private static JsonObject deleted(String leadId) {
    return new JsonObject().put("lead_id", leadId).put("skipped", "lead deleted");
  }
}
