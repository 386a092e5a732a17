package io.ao.worker.crm;

import io.ao.shared.config.CrmConfig;
import io.ao.shared.queue.TaskTypes;
import io.ao.worker.handlers.TaskContext;
import io.ao.worker.handlers.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** crm_delete: removes an erased lead from the CRM (nothing to do if it never got there). */
public final class CrmDeleteHandler implements TaskHandler {

  private final CrmConfig settings;
  private final CrmProvider crm;

  public CrmDeleteHandler(CrmConfig settings, CrmProvider crm) {
    this.settings = settings;
    this.crm = crm;
  }

  @Override
  public String type() {
    return TaskTypes.CRM_DELETE;
  }

  @Override
  public Future<JsonObject> handle(TaskContext task) {
    String crmId = task.payload().getString("crm_id");
    JsonObject result = new JsonObject().put("lead_id", task.payload().getString("lead_id"));
    if (crmId == null) {
      return Future.succeededFuture(result.put("skipped", "the lead never reached the CRM"));
    }
    if (!settings.configured()) {
      return Future.succeededFuture(result.put("skipped", "crm.api_base_url is not set"));
    }
    return crm.delete(crmId, task.taskId())
        .map(done -> result.put("crm_id", crmId).put("deleted", true));
  }
}
