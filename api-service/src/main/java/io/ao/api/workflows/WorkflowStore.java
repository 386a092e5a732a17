package io.ao.api.workflows;

import io.ao.shared.queue.TaskQueue;
import io.ao.shared.queue.TaskStatus;
import io.ao.shared.workflows.WorkflowKeys;
import io.ao.shared.workflows.engine.RunSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API reads of runs beyond the run hash: the status hashes of a run's step tasks, and the
 * listings (all runs, one workflow's, one lead's), newest first. Runs and their tasks live in the
 * home partition with the leads (see {@link WorkflowKeys}); a listed id whose run expired is
 * skipped by the reader.
 */
final class WorkflowStore {

  private final Redis redis;
  private final WorkflowKeys keys;
  private final TaskQueue tasks;

  WorkflowStore(Redis redis, WorkflowKeys keys, TaskQueue tasks) {
    this.redis = redis;
    this.keys = keys;
    this.tasks = tasks;
  }

  WorkflowKeys keys() {
    return keys;
  }

  /** The status hashes of the run's step tasks, by task id (absent when expired). */
  Future<Map<String, TaskStatus>> stepTasks(RunSnapshot run) {
    List<String> ids = new ArrayList<>();
    for (JsonObject step : run.steps().values()) {
      if ("task".equals(step.getString("kind")) && step.getString("task_id") != null) {
        ids.add(step.getString("task_id"));
      }
    }
    List<Future<TaskStatus>> reads = ids.stream().map(tasks::status).toList();
    return Future.all(new ArrayList<>(reads))
        .map(
            done -> {
              Map<String, TaskStatus> found = new HashMap<>();
              for (int i = 0; i < ids.size(); i++) {
                if (reads.get(i).result() != null) {
                  found.put(ids.get(i), reads.get(i).result());
                }
              }
              return found;
            });
  }

  /** Run ids of {@code listing} newest first from position {@code fromRank}. */
  Future<List<String>> newestFrom(String listing, long fromRank, int count) {
    return redis
        .send(Request.cmd(Command.ZREVRANGE).arg(listing).arg(fromRank).arg(fromRank + count - 1))
        .map(
            ids -> {
              List<String> list = new ArrayList<>();
              for (Response id : ids) {
                list.add(id.toString());
              }
              return list;
            });
  }

  Future<Long> rankOf(String listing, String runId) {
    return redis
        .send(Request.cmd(Command.ZREVRANK).arg(listing).arg(runId))
        .map(r -> r == null ? null : r.toLong());
  }
}
