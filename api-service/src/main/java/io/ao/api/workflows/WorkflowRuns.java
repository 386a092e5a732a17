package io.ao.api.workflows;

import io.ao.api.http.CursorPages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads workflow runs: one run's status from its steps' task states, and pages of runs newest
 * first, filtered by status, scanning at most a bounded number of runs per page.
 */
final class WorkflowRuns {

  private static final int LIST_SCAN_LIMIT = 2_000;

  private final WorkflowStore store;

  WorkflowRuns(WorkflowStore store) {
    this.store = store;
  }

  /** The run's status with its steps', or null when there is no such run. */
  Future<JsonObject> status(String runId) {
    return store
        .run(runId)
        .compose(
            run ->
                run == null
                    ? Future.succeededFuture(null)
                    : store
                        .steps(runId, new JsonArray(run.getString("steps")))
                        .map(steps -> WorkflowStatus.of(run, steps)));
  }

  /** A page after {@code cursor} (a run id from the previous page, or null for the first). */
  Future<JsonObject> page(String cursor, String status, int limit) {
    Future<Long> start =
        cursor == null
            ? Future.succeededFuture(0L)
            : CursorPages.rankAfter(store.rankOf(cursor), "run");
    return start.compose(rank -> collect(rank, status, limit, new JsonArray(), 0));
  }

  private Future<JsonObject> collect(
      long rank, String status, int limit, JsonArray found, int scanned) {
    int chunk = Math.min(100, limit * 2);
    return store
        .newestFrom(rank, chunk)
        .compose(
            ids -> {
              List<Future<JsonObject>> reads = ids.stream().map(this::status).toList();
              return Future.all(new ArrayList<>(reads))
                  .compose(
                      all -> {
                        for (int i = 0; i < ids.size(); i++) {
                          JsonObject run = reads.get(i).result();
                          if (run != null
                              && (status == null || status.equals(run.getString("status")))) {
                            found.add(run);
                            if (found.size() == limit) {
                              return Future.succeededFuture(
                                  new JsonObject()
                                      .put("items", found)
                                      .put(
                                          "next_cursor",
                                          i + 1 < ids.size() || ids.size() == chunk
                                              ? ids.get(i)
                                              : null));
                            }
                          }
                        }
                        if (ids.size() < chunk || scanned + ids.size() >= LIST_SCAN_LIMIT) {
                          String next = ids.size() == chunk ? ids.get(ids.size() - 1) : null;
                          return Future.succeededFuture(
                              new JsonObject().put("items", found).put("next_cursor", next));
                        }
                        return collect(
                            rank + ids.size(), status, limit, found, scanned + ids.size());
                      });
            });
  }
}
