package io.ao.shared.workflows.engine;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * One of a lead's active runs, as its lead-runs hash lists it (workflow_lib.lua wf_register): the
 * definition version it runs, and the wait_for step it waits in ("" when it is not waiting for the
 * lead).
 */
public record ActiveRun(String runId, String workflow, int version, String waitingStep) {

  /** The entries of an HGETALL of a lead's active runs. */
  public static List<ActiveRun> fromHash(Response hash) {
    List<ActiveRun> runs = new ArrayList<>();
    if (hash == null) {
      return runs;
    }
    for (String runId : hash.getKeys()) {
      JsonObject entry = new JsonObject(hash.get(runId).toString());
      runs.add(
          new ActiveRun(
              runId, entry.getString("w"), entry.getInteger("v", 1), entry.getString("s", "")));
    }
    return runs;
  }
}
