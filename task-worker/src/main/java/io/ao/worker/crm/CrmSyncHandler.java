package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.shared.leads.LeadRecords;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * crm_update: sends the lead to the CRM (create the first time, update once it has a CRM id) and
 * records the CRM id and sync state on the lead. The task id is the Idempotency-Key, so a task
 * redelivered after the CRM call still creates one CRM lead.
 */
public final class CrmSyncHandler implements TaskHandler {

  private final LeadRecords leads;
  private final CrmConfig settings;
  private final CrmClient crm;

  public CrmSyncHandler(LeadRecords leads, CrmConfig settings, CrmClient crm) {
    this.leads = leads;
    this.settings = settings;
    this.crm = crm;
  }

  @Override
  public String type() {
    return TaskTypes.CRM_UPDATE;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    String leadId = task.payload().getString("lead_id");
    if (leadId == null) {
      return Future.failedFuture(new PermanentTaskFailure("payload has no lead_id"));
    }
    return leads
        .get(leadId)
        .compose(
            lead -> {
              if (lead == null) {
                return Future.succeededFuture(
                    new JsonObject().put("lead_id", leadId).put("skipped", "lead deleted"));
              }
              if (!settings.configured()) {
                return leads
                    .update(leadId, doc -> doc.put("crm_sync_state", "not_configured"))
                    .map(
                        done ->
                            new JsonObject()
                                .put("lead_id", leadId)
                                .put("skipped", "crm.api_base_url is not set"));
              }
              String crmId = lead.getString("crm_id");
              JsonObject body = settings.map(lead);
              Future<String> sent =
                  crmId == null
                      ? crm.create(body, task.taskId())
                      : crm.update(crmId, body, task.taskId()).map(crmId);
              return sent.compose(
                      id ->
                          leads
                              .update(
                                  leadId,
                                  doc ->
                                      doc.put("crm_id", id)
                                          .put("crm_sync_state", "synced")
                                          .put("crm_synced_at", System.currentTimeMillis()))
                              .map(id))
                  .map(id -> new JsonObject().put("lead_id", leadId).put("crm_id", id))
                  .recover(
                      failure ->
                          failure instanceof PermanentTaskFailure
                              ? leads
                                  .update(leadId, doc -> doc.put("crm_sync_state", "failed"))
                                  .transform(done -> Future.failedFuture(failure))
                              : Future.failedFuture(failure));
            });
  }
}
