package io.ao.shared.leads;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.NewTask;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Locale;

/**
 * What the worker reads and writes of a lead: it reads the representation (document, system fields,
 * version) and writes only system fields, each write one script that leaves the version, the
 * client's ETag, alone (see {@link LeadHash}).
 */
public final class LeadRecords {

  private static final LuaScript SCORED =
      LuaScript.withQueueHelpers("/io/ao/shared/leads/lead_scored.lua");
  private static final LuaScript SYNCED =
      LuaScript.withQueueHelpers("/io/ao/shared/leads/lead_synced.lua");

  /** How a sync ended, as {@code crm_sync_state} shows it. */
  public enum SyncState {
    SYNCED,
    FAILED,
    NOT_CONFIGURED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Redis redis;
  private final LeadKeys keys;

  public LeadRecords(Redis redis, LeadKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** The lead as the API shows it (with {@code version}), or null when it is gone. */
  public Future<JsonObject> get(String id) {
    return redis
        .send(LeadHash.read(keys.lead(id)))
        .map(
            reply ->
                reply.get(0) == null
                    ? null
                    : LeadHash.representation(
                        new JsonObject(reply.get(0).toString()),
                        LeadHash.system(reply),
                        reply.get(1).toLong()));
  }

  /**
   * Records the score made from {@code version}; in a sync chain, also enqueues the chain's CRM
   * sync ({@code then}) in the same script. Completes false when the lead is gone.
   */
  public Future<Boolean> scored(String id, int score, long version, Long chain, NewTask then) {
    long now = System.currentTimeMillis();
    return SCORED
        .run(
            redis,
            List.of(keys.lead(id), keys.queue().stream()),
            List.of(
                Integer.toString(score),
                Long.toString(version),
                chain == null ? "" : chain.toString(),
                Long.toString(now),
                keys.queue().taskPrefix(),
                then == null
                    ? "[]"
                    : new JsonArray().add(then.toScriptJson(keys.queue().queue())).encode()))
        .map(reply -> reply.toInteger() == 1);
  }

  /**
   * Records how the sync of {@code sentVersion} ended. In the lead's current chain, when the lead
   * moved on meanwhile, the script schedules the next chain at {@code nextDueAt}: {@code next} is
   * its first task, whose id and payload the script completes with the lead's current version.
   * Completes with that chain's first task id, "" when none was needed, or null when the lead is
   * gone.
   */
  public Future<String> synced(
      String id,
      SyncState state,
      String crmId,
      long sentVersion,
      Long chain,
      NewTask next,
      long nextDueAt) {
    JsonObject first =
        new JsonObject()
            .put("id_prefix", LeadSyncChain.processTaskPrefix(id))
            .put("fields", next.toScriptJson(keys.queue().queue()).getJsonArray("fields"));
    return SYNCED
        .run(
            redis,
            List.of(keys.lead(id), keys.queue().delayed()),
            List.of(
                state.wireName(),
                crmId == null ? "" : crmId,
                Long.toString(sentVersion),
                chain == null ? "" : chain.toString(),
                Long.toString(System.currentTimeMillis()),
                Long.toString(nextDueAt),
                keys.queue().taskPrefix(),
                first.encode(),
                id))
        .map(reply -> reply.get(0).toInteger() == 0 ? null : reply.get(1).toString());
  }
}
