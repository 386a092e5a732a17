package io.ao.shared.workflows.engine;

import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Reads run hashes: one, or several in one round trip. */
public final class RunReader {

  private final Redis redis;
  private final WorkflowKeys keys;

  public RunReader(Redis redis, WorkflowKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** The run, or null when there is none (or it expired). */
  public Future<RunSnapshot> run(String runId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.run(runId))).map(RunSnapshot::from);
  }

  /** The runs in the order asked, null where there is none. */
  public Future<List<RunSnapshot>> runs(List<String> runIds) {
    if (runIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> reads = new ArrayList<>();
    runIds.forEach(id -> reads.add(Request.cmd(Command.HGETALL).arg(keys.run(id))));
    return redis
        .batch(reads)
        .map(
            replies -> {
              List<RunSnapshot> runs = new ArrayList<>();
              for (Response reply : replies) {
                runs.add(RunSnapshot.from(reply));
              }
              return runs;
            });
  }
}
