package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.shared.leads.LeadRecords;
import io.ao.shared.leads.LeadRecords.SyncState;
import io.ao.shared.leads.LeadSyncChain;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.PermanentTaskFailure;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskDeferral;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * crm_update: sends the lead as it is now, with its score, to the CRM (updated under its CRM id
 * once it has one, else found by email and updated, or created: see {@link CrmProvider#sync}) and
 * records the CRM id and sync state beside it. In a lead's sync chain, the script that records the
 * outcome also schedules the next chain when the lead changed meanwhile ({@code
 * crm.resync_delay_ms} later, so a burst of edits costs a few CRM calls). The task id is the
 * Idempotency-Key, so a task redelivered after the CRM call still creates one CRM lead.
 */
public final class CrmSyncHandler implements TaskHandler {

  private final LeadRecords leads;
  private final CrmConfig settings;
  private final CrmProvider crm;

  public CrmSyncHandler(LeadRecords leads, CrmConfig settings, CrmProvider crm) {
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
                return Future.succeededFuture(skipped(leadId, "lead deleted"));
              }
              if (!settings.configured()) {
                return record(task, lead, SyncState.NOT_CONFIGURED, null)
                    .map(next -> skipped(leadId, "crm.api_base_url is not set"));
              }
              String crmId = lead.getString("crm_id");
              return crm.sync(crmId, lead, task.taskId())
                  .compose(
                      id ->
                          record(task, lead, SyncState.SYNCED, id)
                              .map(
                                  next -> {
                                    JsonObject result =
                                        new JsonObject()
                                            .put("lead_id", leadId)
                                            .put("crm_id", id)
                                            .put("version", lead.getLong("version"));
                                    return next == null || next.isEmpty()
                                        ? result
                                        : result.put("resync_task", next);
                                  }))
                  .recover(
                      failure ->
                          gaveUp(task, failure)
                              ? record(task, lead, SyncState.FAILED, null)
                                  .transform(done -> Future.failedFuture(failure))
                              : Future.failedFuture(failure));
            });
  }

  /** Records the outcome for the version sent; completes with the next chain's task id, if any. */
  private Future<String> record(TaskContext task, JsonObject lead, SyncState state, String crmId) {
    String leadId = lead.getString("id");
    return leads.synced(
        leadId,
        state,
        crmId,
        lead.getLong("version"),
        LeadSyncChain.chainOf(task.payload()),
        LeadSyncChain.process(leadId, 0, task.maxAttempts(), task.envelope().requestId()),
        System.currentTimeMillis() + settings.resyncDelayMs());
  }

  /**
   * The task ends with this failure: no retry can fix it, or this was its last attempt. A deferral
   * (the CRM account is paused) spends no attempt, so it never gives up.
   */
  private static boolean gaveUp(TaskContext task, Throwable failure) {
    if (failure instanceof TaskDeferral) {
      return false;
    }
    return failure instanceof PermanentTaskFailure || task.attempt() >= task.maxAttempts();
  }

  private static JsonObject skipped(String leadId, String reason) {
    return new JsonObject().put("lead_id", leadId).put("skipped", reason);
  }
}
