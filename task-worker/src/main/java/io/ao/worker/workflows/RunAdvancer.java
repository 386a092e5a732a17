package io.ao.worker.workflows;

import io.ao.shared.config.AppConfig;
import io.ao.shared.leads.LeadHash;
import io.ao.shared.leads.LeadKeys;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.Step;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.Engine;
import io.ao.shared.workflows.engine.Plan;
import io.ao.shared.workflows.engine.Planner;
import io.ao.shared.workflows.engine.RunScripts;
import io.ao.shared.workflows.engine.RunSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Moves a run on when one of its tasks succeeds: a step's task (its result is the step's output) or
 * a wait's wake task (the wait is over, or the wait_for timed out or was resumed by a lead write).
 * It reads the run and its lead, plans the next steps on the run's pinned definition version, and
 * records the task's success with the plan in one script; when the run or the lead moved in
 * between, it reads and plans again.
 */
public final class RunAdvancer {

  private static final int STALE_RETRIES = 5;

  private final Redis redis;
  private final Engine engine;
  private final LeadKeys leads;

  public RunAdvancer(Redis redis, Engine engine) {
    this.redis = redis;
    this.engine = engine;
    this.leads = new LeadKeys(engine.keys().queue());
  }

  /**
   * The advancer of the runs in {@code config}'s first queue (where the leads and their runs live),
   * counting failed cancel_if expressions in {@code meters}.
   */
  public static RunAdvancer from(Redis redis, AppConfig config, MeterRegistry meters) {
    QueueKeys home = new QueueKeys(config.redis().keyPrefix(), config.queue().queues().get(0));
    Engine engine =
        Engine.over(
            redis,
            home,
            config.queue().maxAttempts(),
            config.queue().taskRetentionSeconds(),
            (workflow, where) ->
                Counter.builder("ao_workflow_expression_errors_total")
                    .description("Expressions that failed to evaluate and counted as not matching")
                    .tag("workflow", workflow)
                    .tag("where", where)
                    .register(meters)
                    .increment(),
            System::currentTimeMillis);
    return new RunAdvancer(redis, engine);
  }

  public Engine engine() {
    return engine;
  }

  /** True when {@code delivery}, read from {@code queue}'s partition, is a task of a run. */
  public boolean moves(TaskEnvelope delivery, String queue) {
    return !delivery.workflowId().isEmpty() && queue.equals(engine.keys().queue().queue());
  }

  /**
   * Records the success of a run's task and moves the run on. Completes with false when there is no
   * run to move (it expired, ended, or is past this step): the caller records the success alone.
   */
  public Future<Boolean> succeeded(TaskEnvelope delivery, String workerId, JsonObject result) {
    return attempt(delivery, workerId, result, STALE_RETRIES);
  }

  private Future<Boolean> attempt(
      TaskEnvelope delivery, String workerId, JsonObject result, int retries) {
    String leadId = delivery.payload().getString("lead_id", "");
    Request readRun = Request.cmd(Command.HGETALL).arg(engine.keys().run(delivery.workflowId()));
    List<Request> reads =
        leadId.isEmpty() ? List.of(readRun) : List.of(readRun, LeadHash.read(leads.lead(leadId)));
    return redis
        .batch(reads)
        .compose(
            replies -> {
              RunSnapshot run = RunSnapshot.from(replies.get(0));
              if (run == null || run.ended() || !run.current().equals(delivery.step())) {
                return Future.succeededFuture(false);
              }
              Response lead = replies.size() > 1 ? replies.get(1) : null;
              return engine
                  .definitions()
                  .version(run.workflow(), run.version())
                  .compose(
                      definition ->
                          advance(delivery, workerId, result, run, definition, lead, retries));
            });
  }

  private Future<Boolean> advance(
      TaskEnvelope delivery,
      String workerId,
      JsonObject result,
      RunSnapshot run,
      WorkflowDefinition definition,
      Response leadReply,
      int retries) {
    boolean leadStored = leadReply != null && leadReply.get(0) != null;
    JsonObject lead =
        leadStored
            ? LeadHash.representation(
                new JsonObject(leadReply.get(0).toString()),
                LeadHash.system(leadReply),
                leadReply.get(1).toLong())
            : null;
    String leadVersion = leadStored ? leadReply.get(1).toString() : null;
    JsonObject output = output(delivery, run, definition, result);
    Plan plan =
        definition == null
            ? Planner.failure(
                run.current(),
                "definition " + run.workflow() + " version " + run.version() + " is missing")
            : engine.planner().advance(definition, run, lead, output);
    return engine
        .scripts()
        .advance(delivery, workerId, result, run, leadVersion, output, plan)
        .compose(
            advanced -> {
              if (advanced != RunScripts.Advanced.STALE) {
                return Future.succeededFuture(true);
              }
              if (retries == 0) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "run " + run.id() + " kept moving while its next step was planned"));
              }
              return attempt(delivery, workerId, result, retries - 1);
            });
  }

  /** A task step's output is its result; a wait has none; a wait_for says whether it timed out. */
  private static JsonObject output(
      TaskEnvelope delivery, RunSnapshot run, WorkflowDefinition definition, JsonObject result) {
    if (!TaskTypes.WORKFLOW_WAKE.equals(delivery.type())) {
      return result;
    }
    boolean waitFor =
        definition != null
            && definition.step(run.current()).orElse(null) instanceof Step.WaitForStep;
    return waitFor ? Planner.waitForOutput(run) : null;
  }
}
