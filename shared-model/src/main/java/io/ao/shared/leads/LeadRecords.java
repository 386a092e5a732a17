package io.ao.shared.leads;

import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the worker reads and writes of a lead: the document, and server-managed fields written with
 * a compare-and-set on the version (a concurrent client edit wins; the worker reads again and
 * reapplies its change).
 */
public final class LeadRecords {

  private static final LuaScript REPLACE_IF =
      LuaScript.fromClasspath("/io/ao/shared/leads/lead_replace_if.lua");
  private static final int RETRIES = 5;

  private final Redis redis;
  private final LeadKeys keys;

  public LeadRecords(Redis redis, LeadKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** The lead document, or null when there is no such lead (deleted meanwhile). */
  public Future<JsonObject> get(String id) {
    return redis
        .send(Request.cmd(Command.HMGET).arg(keys.lead(id)).arg("doc").arg("version"))
        .map(
            reply ->
                reply.get(0) == null
                    ? null
                    : new JsonObject(reply.get(0).toString())
                        .put("version", reply.get(1).toLong()));
  }

  /**
   * Applies {@code change} to the current document and stores it if nobody changed the lead
   * meanwhile; completes with the stored document, or null when the lead is gone.
   */
  public Future<JsonObject> update(String id, UnaryOperator<JsonObject> change) {
    return attempt(id, change, RETRIES);
  }

  private Future<JsonObject> attempt(String id, UnaryOperator<JsonObject> change, int retries) {
    return get(id)
        .compose(
            current -> {
              if (current == null) {
                return Future.succeededFuture(null);
              }
              long version = current.getLong("version");
              JsonObject doc = change.apply(current.copy());
              doc.remove("version");
              doc.put("updated_at", System.currentTimeMillis());
              return REPLACE_IF
                  .run(redis, List.of(keys.lead(id)), List.of(Long.toString(version), doc.encode()))
                  .compose(
                      reply ->
                          switch (ReplaceResult.fromReply(reply)) {
                            case REPLACED ->
                                Future.succeededFuture(doc.put("version", reply.get(1).toLong()));
                            case MISSING -> Future.succeededFuture(null);
                            case CHANGED ->
                                retries == 0
                                    ? Future.failedFuture(
                                        "lead " + id + " kept changing; will retry the task")
                                    : attempt(id, change, retries - 1);
                          });
            });
  }

  /** lead_replace_if.lua's answers: {1, new version}; {0, 'missing'}; {0, 'version', current}. */
  private enum ReplaceResult {
    REPLACED,
    MISSING,
    CHANGED;

    static ReplaceResult fromReply(Response reply) {
      if (reply.get(0).toInteger() == 1) {
        return REPLACED;
      }
      return switch (reply.get(1).toString()) {
        case "missing" -> MISSING;
        case "version" -> CHANGED;
        default ->
            throw new IllegalStateException("lead_replace_if refused with '" + reply.get(1) + "'");
      };
    }
  }
}
