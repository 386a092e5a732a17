package io.ao.api.workflows;

import io.ao.shared.queue.LuaScript;
import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
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
 * Workflow runs: a small hash per run (which workflow, which lead, its step names) plus the status
 * hashes of its step tasks, from which a run's state is read. Nothing else is written per step, so
 * the run's view can never disagree with what the tasks did.
 *
 * <p>A run, its hash and its steps live in the queue partition its id routes to (the step ids start
 * with the run id), so runs spread over a cluster's masters like tasks do. The listing of runs is
 * one sorted set in the home partition: for a run routed elsewhere it is written just before the
 * run's script, so a crash in between leaves a listed id without a run, which the listing skips,
 * never a run missing from the listing.
 */
public final class WorkflowStore {

  private static final LuaScript START =
      LuaScript.withQueueHelpers("/io/ao/api/workflows/workflow_start.lua");

  private final Redis redis;
  private final WorkflowKeys listing;
  private final PartitionedQueue queue;

  public WorkflowStore(Redis redis, PartitionedQueue queue) {
    this.redis = redis;
    this.listing = new WorkflowKeys(queue.partitions().home());
    this.queue = queue;
  }

  private QueueKeys partitionOf(String runId) {
    return queue.partitions().routed(runId);
  }

  private String runKey(String runId) {
    return new WorkflowKeys(partitionOf(runId)).run(runId);
  }

  public Future<Void> start(
      String runId,
      WorkflowDefinitions.Workflow workflow,
      String leadId,
      String requestId,
      NewTask firstStep) {
    JsonArray steps = new JsonArray();
    workflow.steps().forEach(step -> steps.add(step.name()));
    long now = System.currentTimeMillis();
    QueueKeys partition = partitionOf(runId);
    boolean listedTogether = partition.partition() == listing.queue().partition();
    List<String> keys =
        listedTogether
            ? List.of(runKey(runId), partition.stream(), listing.runs())
            : List.of(runKey(runId), partition.stream());
    List<String> args =
        List.of(
            runId,
            Long.toString(now),
            workflow.name(),
            leadId,
            steps.encode(),
            requestId,
            new JsonArray().add(firstStep.toScriptJson(partition.queue())).encode(),
            partition.taskPrefix());
    Future<Void> listed =
        listedTogether
            ? Future.succeededFuture()
            : redis
                .send(Request.cmd(Command.ZADD).arg(listing.runs()).arg(now).arg(runId))
                .mapEmpty();
    return listed.compose(done -> START.run(redis, keys, args)).mapEmpty();
  }

  /** The run's hash, or null. */
  public Future<JsonObject> run(String runId) {
    return redis
        .send(Request.cmd(Command.HGETALL).arg(runKey(runId)))
        .map(
            hash -> {
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
      reads.add(
          stepQueue(runId)
              .status(WorkflowDefinitions.stepTaskId(runId, i, stepNames.getString(i))));
    }
    return Future.all(reads).map(all -> reads.stream().map(Future::result).toList());
  }

  public Future<Void> markCancelled(String runId) {
    return redis
        .send(Request.cmd(Command.HSET).arg(runKey(runId)).arg("cancelled").arg("1"))
        .mapEmpty();
  }

  /** The partition of the run's steps. */
  public TaskQueue stepQueue(String runId) {
    return queue.all().get(partitionOf(runId).partition());
  }

  /** Run ids newest first from position {@code fromRank}. */
  public Future<List<String>> newestFrom(long fromRank, int count) {
    return redis
        .send(
            Request.cmd(Command.ZREVRANGE)
                .arg(listing.runs())
                .arg(fromRank)
                .arg(fromRank + count - 1))
        .map(
            ids -> {
              List<String> list = new ArrayList<>();
              for (Response id : ids) {
                list.add(id.toString());
              }
              return list;
            });
  }

  public Future<Long> rankOf(String runId) {
    return redis
        .send(Request.cmd(Command.ZREVRANK).arg(listing.runs()).arg(runId))
        .map(r -> r == null ? null : r.toLong());
  }
}
