package io.ao.worker.crm;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One CRM's API shape for the four things the worker does with a lead: find it by email, create it,
 * update it, delete it. {@code lead} is our lead (our field names); a provider maps it with {@code
 * crm.field_mapping} (generic) or {@code crm.<provider>.field_mapping}. The task id is the key for
 * idempotency and for the account's shared budget. A refusal no retry can fix fails with {@link
 * io.ao.worker.handlers.PermanentTaskFailure} quoting the CRM; a rate-limit answer pauses the
 * account and defers the task ({@link io.ao.worker.handlers.TaskDeferral}).
 */
public interface CrmProvider {

  /** The CRM's id of the record holding this email, if it holds one. */
  Future<Optional<String>> findByEmail(String email, String taskId);

  /** Creates the record; completes with its CRM id. */
  Future<String> create(JsonObject lead, String taskId);

  /** Updates the record; false when the CRM no longer holds it. */
  Future<Boolean> update(String crmId, JsonObject lead, String taskId);

  /** Deletes the record; one the CRM no longer holds counts as deleted. */
  Future<Void> delete(String crmId, String taskId);

  /**
   * The record for the lead's email, updated when the CRM holds one, else created: a lead the CRM
   * already has is never created twice. Providers with a native upsert override it.
   */
  default Future<String> upsertByEmail(JsonObject lead, String taskId) {
    String email = lead.getString("email");
    Future<Optional<String>> found =
        email == null ? Future.succeededFuture(Optional.empty()) : findByEmail(email, taskId);
    return found.compose(
        existing -> {
          if (existing.isEmpty()) {
            return create(lead, taskId);
          }
          String id = existing.get();
          return update(id, lead, taskId)
              .compose(updated -> updated ? Future.succeededFuture(id) : create(lead, taskId));
        });
  }

  /** Sends the lead: under its known CRM id, or (none, or the CRM lost it) by its email. */
  default Future<String> sync(String knownId, JsonObject lead, String taskId) {
    if (knownId == null) {
      return upsertByEmail(lead, taskId);
    }
    return update(knownId, lead, taskId)
        .compose(
            updated -> updated ? Future.succeededFuture(knownId) : upsertByEmail(lead, taskId));
  }
}
