package io.ao.api.workflows;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Workflow runs: a small hash per run (which workflow, which lead, its step names) plus
 * the status hashes of its step tasks, from which a run's state is read. Nothing else is
 * written per step, so the run's view can never disagree with what the tasks did.
 */
public final class WorkflowStore {

  private static final LuaScript START = LuaScript.withQueueHelpers("/io/ao/api/workflows/workflow_start.lua");

  private final Redis redis;
  private final WorkflowKeys keys;
  private final PartitionedQueue queue;

  public WorkflowStore(Redis redis, WorkflowKeys keys, PartitionedQueue queue) {
    this.redis = redis;
    this.keys = keys;
    this.queue = queue;
  }

  public Future<Void> start(String runId, WorkflowDefinitions.Workflow workflow, String leadId, String requestId,
                            NewTask firstStep) {
    JsonArray steps = new JsonArray();
    workflow.steps().forEach(step -> steps.add(step.name()));
    long now = System.currentTimeMillis();
    return START.run(redis, List.of(keys.run(runId), keys.runs(), keys.queue().stream()),
        List.of(runId, Long.toString(now), workflow.name(), leadId, steps.encode(), requestId,
          new JsonArray().add(firstStep.toScriptJson(keys.queue().queue())).encode(), keys.queue().taskPrefix()))
      .mapEmpty();
  }

  /** The run's hash, or null. */
  public Future<JsonObject> run(String runId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.run(runId))).map(hash -> {
      if (hash == null || hash.size() == 0) {
        return null;
      }
      JsonObject run = new JsonObject();
      hash.getKeys().forEach(key -> run.put(key, hash.get(key).toString()));
      return run;
    });
  }

  /** The status hashes of the run's steps, in order (null for steps not enqueued yet). */
  public Future<List<TaskStatus>> steps(String runId, JsonArray stepNames) {
    List<Future<TaskStatus>> reads = new ArrayList<>();
    for (int i = 0; i < stepNames.size(); i++) {
      // a run's steps are enqueued by its own scripts, so they are in the home partition
      reads.add(queue.home().status(WorkflowDefinitions.stepTaskId(runId, i, stepNames.getString(i))));
    }
    return Future.all(reads).map(all -> reads.stream().map(Future::result).toList());
  }

  public Future<Void> markCancelled(String runId) {
    return redis.send(Request.cmd(Command.HSET).arg(keys.run(runId)).arg("cancelled").arg("1")).mapEmpty();
  }

  public PartitionedQueue queue() {
    return queue;
  }

  /** Run ids newest first from position {@code fromRank}. */
  public Future<List<String>> newestFrom(long fromRank, int count) {
    return redis.send(Request.cmd(Command.ZREVRANGE).arg(keys.runs()).arg(fromRank).arg(fromRank + count - 1))
      .map(ids -> {
        List<String> list = new ArrayList<>();
        for (Response id : ids) {
          list.add(id.toString());
        }
        return list;
      });
  }

  public Future<Long> rankOf(String runId) {
    return redis.send(Request.cmd(Command.ZREVRANK).arg(keys.runs()).arg(runId)).map(r -> r == null ? null : r.toLong());
  }
}
