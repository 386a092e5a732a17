package io.ao.worker.leads;

import io.ao.shared.leads.LeadRecords;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * lead_process: normalizes the lead's contact fields and records its score. Running it twice gives
 * the same lead, so a redelivery is harmless.
 */
public final class LeadProcessHandler implements TaskHandler {

  private final LeadRecords leads;
  private final LeadNormalizer normalizer;
  private final LeadScorer scorer;

  public LeadProcessHandler(LeadRecords leads, LeadNormalizer normalizer, LeadScorer scorer) {
    this.normalizer = normalizer;
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
    return leads
        .update(
            leadId,
            lead -> {
              JsonObject normalized = normalizer.normalize(lead);
              return normalized.put("score", scorer.score(normalized));
            })
        .map(
            updated ->
                updated == null
                    ? new JsonObject().put("lead_id", leadId).put("skipped", "lead deleted")
                    : new JsonObject()
                        .put("lead_id", leadId)
                        .put("score", updated.getInteger("score")));
  }
}
