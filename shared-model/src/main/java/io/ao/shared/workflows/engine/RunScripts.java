package io.ao.shared.workflows.engine;

import io.ao.shared.leads.LeadKeys;
import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The scripts that move a run (workflow_lib.lua and the run_*.lua beside it): start, advance after
 * a step, cancel. Each is one step in Redis; the plan it applies was worked out by {@link Planner}.
 */
public final class RunScripts {

  private static final String DIR = "/io/ao/shared/workflows/lua/";
  private static final LuaScript START = LuaScript.withWorkflowHelpers(DIR + "run_start.lua");
  private static final LuaScript ADVANCE = LuaScript.withWorkflowHelpers(DIR + "run_advance.lua");
  private static final LuaScript CANCEL = LuaScript.withWorkflowHelpers(DIR + "run_cancel.lua");
  private static final LuaScript TICK = LuaScript.withWorkflowHelpers(DIR + "schedule_tick.lua");
  private static final LuaScript TRIM = LuaScript.withWorkflowHelpers(DIR + "run_listing_trim.lua");

  /** How a start went: started, the id existed, or a unique run was already active. */
  public record Started(boolean started, String existingRunId) {}

  /** How an advance went. */
  public enum Advanced {
    /** Another delivery owned the task: it moves the run. */
    NOT_OWNED,
    /** The run or its lead moved since the plan was made: nothing was recorded; plan again. */
    STALE,
    /** The run had ended (or moved past the step): the task's success alone was recorded. */
    ENDED,
    /** The step was closed and the plan applied. */
    APPLIED
  }

  private final Redis redis;
  private final WorkflowKeys keys;
  private final long retentionSeconds;
  private final LongSupplier clock;

  public RunScripts(Redis redis, WorkflowKeys keys, long retentionSeconds, LongSupplier clock) {
    this.redis = redis;
    this.keys = keys;
    this.retentionSeconds = retentionSeconds;
    this.clock = clock;
  }

  public WorkflowKeys keys() {
    return keys;
  }

  /** Records the run and applies its first plan. */
  public Future<Started> start(RunStart start) {
    return START
        .run(
            redis,
            List.of(keys.run(start.runId())),
            List.of(
                keys.slotPrefix(),
                Long.toString(clock.getAsLong()),
                Long.toString(retentionSeconds),
                start.toJson(keys.queue().queue()).encode()))
        .map(
            reply ->
                switch (reply.get(0).toInteger()) {
                  case 1 -> new Started(true, null);
                  case 3 -> new Started(false, reply.get(1).toString());
                  default -> new Started(false, start.runId());
                });
  }

  /**
   * Records the success of {@code delivery} (the run's current step's task or wake task), closes
   * the step with {@code output} and applies {@code plan}, if neither the run (its {@code seq}) nor
   * the lead (its version) moved since they were read.
   */
  public Future<Advanced> advance(
      TaskEnvelope delivery,
      String workerId,
      JsonObject result,
      RunSnapshot run,
      String leadVersion,
      JsonObject output,
      Plan plan) {
    QueueKeys queue = keys.queue();
    return ADVANCE
        .run(
            redis,
            List.of(queue.stream(), queue.task(delivery.id()), keys.run(run.id())),
            List.of(
                QueueKeys.GROUP,
                delivery.entryId(),
                workerId,
                Long.toString(clock.getAsLong()),
                result == null ? "{}" : result.encode(),
                Long.toString(retentionSeconds),
                keys.slotPrefix(),
                run.id(),
                run.seq(),
                run.hasLead() && leadVersion != null ? leadKey(run.leadId()) : "",
                leadVersion == null ? "" : leadVersion,
                run.current(),
                output == null ? "" : output.encode(),
                plan.toJson(queue.queue()).encode()))
        .map(RunScripts::advanced);
  }

  private static Advanced advanced(Response reply) {
    return switch (reply.get(0).toInteger()) {
      case 0 -> Advanced.NOT_OWNED;
      case 2 -> Advanced.STALE;
      default -> "ended".equals(reply.get(1).toString()) ? Advanced.ENDED : Advanced.APPLIED;
    };
  }

  /**
   * Starts the run of a schedule's tick unless a run of that tick was started (by any worker): true
   * when started here.
   */
  public Future<Boolean> tick(long tickMs, RunStart start) {
    return TICK.run(
            redis,
            List.of(keys.definition(start.definition().name())),
            List.of(
                keys.slotPrefix(),
                Long.toString(clock.getAsLong()),
                Long.toString(retentionSeconds),
                Long.toString(tickMs),
                Integer.toString(start.definition().version()),
                start.toJson(keys.queue().queue()).encode()))
        .map(reply -> reply.get(0).toInteger() == 1);
  }

  /** What one listing trim did: ids taken off the listings, and expiry notes looked at. */
  public record Trimmed(int removed, int looked) {}

  /**
   * Takes the ids of up to {@code batch} ended runs whose hash has expired off the run listings
   * (all runs, by workflow, by lead).
   */
  public Future<Trimmed> trimListings(int batch) {
    return TRIM.run(
            redis,
            List.of(keys.expiringRuns()),
            List.of(keys.slotPrefix(), Long.toString(clock.getAsLong()), Integer.toString(batch)))
        .map(reply -> new Trimmed(reply.get(0).toInteger(), reply.get(1).toInteger()));
  }

  /** Cancels the run unless it ended: true when cancelled here. */
  public Future<Boolean> cancel(String runId, String reason) {
    return CANCEL
        .run(
            redis,
            List.of(keys.run(runId)),
            List.of(
                keys.slotPrefix(),
                runId,
                reason,
                Long.toString(clock.getAsLong()),
                Long.toString(retentionSeconds)))
        .map(reply -> reply.get(0).toInteger() == 1);
  }

  private String leadKey(String leadId) {
    return new LeadKeys(keys.queue()).lead(leadId);
  }
}
