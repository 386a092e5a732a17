package io.ao.shared.leads;

import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.TaskTypes;
import io.vertx.core.json.JsonObject;

/**
 * A lead's sync chain: {@code lead_process} (score), then {@code crm_update} (send the processed
 * lead), started by a client's change. Each chain is named after the lead version it started at,
 * and a lead has at most one live chain: a change made while one is live joins it (the chain's CRM
 * step reads the lead when it runs, and the step's script starts one more chain when the lead moved
 * on).
 *
 * <p>The task ids below are mirrored in {@code lead_update.lua} (which looks the live chain up) and
 * {@code lead_synced.lua} (which names the next one).
 */
public final class LeadSyncChain {

  /** The payload field that names the chain a task belongs to (absent outside a chain). */
  public static final String CHAIN = "chain";

  private LeadSyncChain() {}

  public static String processTaskPrefix(String leadId) {
    return leadId + ".process.";
  }

  public static String processTaskId(String leadId, long chain) {
    return processTaskPrefix(leadId) + chain;
  }

  public static String crmTaskId(String leadId, long chain) {
    return leadId + ".crm." + chain;
  }

  /** The chain's first step. */
  public static NewTask process(String leadId, long chain, int maxAttempts, String requestId) {
    return NewTask.withId(
            processTaskId(leadId, chain),
            TaskTypes.LEAD_PROCESS,
            payload(leadId, chain),
            maxAttempts)
        .withRequestId(requestId);
  }

  /** The chain's second step, enqueued by the first when it has scored the lead. */
  public static NewTask crmSync(String leadId, long chain, int maxAttempts, String requestId) {
    return NewTask.withId(
            crmTaskId(leadId, chain), TaskTypes.CRM_UPDATE, payload(leadId, chain), maxAttempts)
        .withRequestId(requestId);
  }

  /** The chain a task's payload names, or null for a task outside a chain (a workflow step). */
  public static Long chainOf(JsonObject payload) {
    Object chain = payload.getValue(CHAIN);
    return chain instanceof Number number ? number.longValue() : null;
  }

  private static JsonObject payload(String leadId, long chain) {
    return new JsonObject().put("lead_id", leadId).put(CHAIN, chain);
  }
}
