package io.ao.api.leads;

import io.ao.shared.leads.LeadHash;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.NewTask;
import io.ao.shared.workflows.WorkflowKeys;
import io.ao.shared.workflows.engine.ActiveRun;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;

/**
 * Leads in Redis. Each change is one script that also enqueues the tasks it causes and starts,
 * resumes and cancels the workflow runs it causes, so a lead is never stored without its CRM sync
 * or its triggered runs, nor a sync queued or a run started for a lead never stored.
 */
public final class LeadStore {

  private static final LuaScript CREATE =
      LuaScript.withWorkflowHelpers("/io/ao/api/leads/lead_create.lua");
  private static final LuaScript UPDATE =
      LuaScript.withWorkflowHelpers("/io/ao/api/leads/lead_update.lua");
  private static final LuaScript DELETE =
      LuaScript.withWorkflowHelpers("/io/ao/api/leads/lead_delete.lua");
  static final long IDEMPOTENCY_TTL_SECONDS = 86_400;

  private final Redis redis;
  private final LeadKeys keys;
  private final WorkflowKeys runs;
  private final long quotaBytesPerUser;
  private final long runRetentionSeconds;

  /**
   * {@code quotaBytesPerUser}: leads.quota_bytes_per_user (0: none); {@code runRetentionSeconds}:
   * how long the workflow runs a lead write ends are kept.
   */
  public LeadStore(Redis redis, LeadKeys keys, long quotaBytesPerUser, long runRetentionSeconds) {
    this.redis = redis;
    this.keys = keys;
    this.runs = new WorkflowKeys(keys.queue());
    this.quotaBytesPerUser = quotaBytesPerUser;
    this.runRetentionSeconds = runRetentionSeconds;
  }

  /** What a write does to workflow runs (LeadWriteEffects) and the reads it was decided at. */
  public record RunEffects(String json, long epoch, long runsSeq) {}

  /** A lead's active workflow runs, and the counter of their changes the lead hash keeps. */
  public record ActiveRuns(long runsSeq, List<ActiveRun> runs) {}

  public Future<ActiveRuns> activeRuns(String id) {
    return redis
        .batch(
            List.of(
                Request.cmd(Command.HGET).arg(keys.lead(id)).arg("runs_seq"),
                Request.cmd(Command.HGETALL).arg(runs.activeRunsOfLead(id))))
        .map(
            replies ->
                new ActiveRuns(
                    replies.get(0) == null ? 0 : replies.get(0).toLong(),
                    ActiveRun.fromHash(replies.get(1))));
  }

  public long quotaBytesPerUser() {
    return quotaBytesPerUser;
  }

  public LeadKeys keys() {
    return keys;
  }

  /**
   * A lead as stored: its document's JSON text, its version (the ETag) and the system's fields (see
   * {@link LeadHash}). The text is parsed only when asked for: a page of leads without filters goes
   * out as the stored text with the rest spliced in (parsing and re-encoding 21 documents per page
   * was the list's cost).
   */
  public static final class StoredLead {

    private final String json;
    private final long version;
    private final JsonObject system;
    private JsonObject doc;

    StoredLead(String json, long version, JsonObject system) {
      this.json = json;
      this.version = version;
      this.system = system;
    }

    static StoredLead fromReply(Response reply) {
      return reply.get(0) == null
          ? null
          : new StoredLead(reply.get(0).toString(), reply.get(1).toLong(), LeadHash.system(reply));
    }

    public long version() {
      return version;
    }

    /** What the client controls, plus id and times: what a change is applied to. */
    public JsonObject doc() {
      if (doc == null) {
        doc = new JsonObject(json);
      }
      return doc;
    }

    public JsonObject system() {
      return system;
    }

    public String crmSyncState() {
      return system.getString(LeadHash.CRM_SYNC_STATE);
    }

    /** The lead as the API shows it, as JSON text. */
    public String representationText() {
      return LeadHash.representationText(json, system, version);
    }
  }

  public Future<CreateOutcome> create(
      JsonObject doc,
      String normalizedEmail,
      List<NewTask> tasks,
      String idempotencyKey,
      JsonObject idempotencyRecord,
      String creator,
      RunEffects effects) {
    String id = doc.getString("id");
    String idemKey = idempotencyKey == null ? keys.idempotency("none", "none") : idempotencyKey;
    return CREATE
        .run(
            redis,
            List.of(
                keys.lead(id),
                keys.email(normalizedEmail),
                keys.byCreation(),
                keys.queue().stream(),
                idemKey,
                keys.usage(),
                runs.definitionsEpoch()),
            List.of(
                id,
                doc.encode(),
                Long.toString(doc.getLong("created_at")),
                tasksJson(tasks),
                keys.queue().taskPrefix(),
                idempotencyRecord == null ? "" : idempotencyRecord.encode(),
                Long.toString(IDEMPOTENCY_TTL_SECONDS),
                tasks.isEmpty() ? "" : "1",
                creator,
                Long.toString(quotaBytesPerUser),
                runs.slotPrefix(),
                effects.json(),
                Long.toString(effects.epoch()),
                Long.toString(runRetentionSeconds)))
        .map(CreateOutcome::fromReply);
  }

  public Future<StoredLead> get(String id) {
    return redis.send(LeadHash.read(keys.lead(id))).map(StoredLead::fromReply);
  }

  public Future<UpdateOutcome> update(
      String id,
      long expectedVersion,
      String currentEmail,
      JsonObject doc,
      String newEmail,
      List<NewTask> tasks,
      long now,
      RunEffects effects) {
    return UPDATE
        .run(
            redis,
            List.of(
                keys.lead(id),
                keys.email(currentEmail),
                keys.email(newEmail),
                keys.queue().stream(),
                keys.usage(),
                runs.definitionsEpoch()),
            List.of(
                id,
                Long.toString(expectedVersion),
                doc.encode(),
                Long.toString(now),
                tasksJson(tasks),
                keys.queue().taskPrefix(),
                Long.toString(quotaBytesPerUser),
                runs.slotPrefix(),
                effects.json(),
                Long.toString(effects.epoch()),
                Long.toString(effects.runsSeq()),
                Long.toString(runRetentionSeconds)))
        .map(UpdateOutcome::fromReply);
  }

  public Future<Boolean> delete(String id, String normalizedEmail, List<NewTask> tasks, long now) {
    return DELETE
        .run(
            redis,
            List.of(
                keys.lead(id),
                keys.email(normalizedEmail),
                keys.byCreation(),
                keys.queue().stream(),
                keys.usage()),
            List.of(
                id,
                Long.toString(now),
                tasksJson(tasks),
                keys.queue().taskPrefix(),
                runs.slotPrefix(),
                Long.toString(runRetentionSeconds)))
        .map(reply -> reply.toInteger() == 1);
  }

  /** One listed lead id with its creation time. */
  public record Listed(String id, long createdAt) {}

  /** Lead ids newest first, from position {@code fromRank} (0 = newest). */
  public Future<List<Listed>> newestFrom(long fromRank, int count) {
    return redis
        .send(
            Request.cmd(Command.ZREVRANGE)
                .arg(keys.byCreation())
                .arg(fromRank)
                .arg(fromRank + count - 1)
                .arg("WITHSCORES"))
        .map(
            reply -> {
              List<Listed> ids = new ArrayList<>();
              for (int i = 0; i < reply.size(); i++) {
                Response item = reply.get(i);
                if (item.type() == ResponseType.MULTI) {
                  // RESP3: [member, score] pairs
                  ids.add(new Listed(item.get(0).toString(), item.get(1).toDouble().longValue()));
                } else {
                  ids.add(
                      new Listed(
                          item.toString(), (long) Double.parseDouble(reply.get(++i).toString())));
                }
              }
              return ids;
            });
  }

  /** Position of a lead in the newest-first order; null when it is gone. */
  public Future<Long> rankOf(String id) {
    return redis
        .send(Request.cmd(Command.ZREVRANK).arg(keys.byCreation()).arg(id))
        .map(reply -> reply == null ? null : reply.toLong());
  }

  /** Position of the newest lead created at or before {@code createdAt}. */
  public Future<Long> countNewerThan(long createdAt) {
    return redis
        .send(Request.cmd(Command.ZCOUNT).arg(keys.byCreation()).arg("(" + createdAt).arg("+inf"))
        .map(Response::toLong);
  }

  public Future<List<StoredLead>> getAll(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> reads = new ArrayList<>();
    ids.forEach(id -> reads.add(LeadHash.read(keys.lead(id))));
    return redis
        .batch(reads)
        .map(
            replies -> {
              List<StoredLead> leads = new ArrayList<>();
              replies.forEach(reply -> leads.add(StoredLead.fromReply(reply)));
              return leads;
            });
  }

  private String tasksJson(List<NewTask> tasks) {
    JsonArray array = new JsonArray();
    tasks.forEach(task -> array.add(task.toScriptJson(keys.queue().queue())));
    return array.encode();
  }
}
