package io.ao.api.workflows;

import io.ao.api.http.CursorPages;
import io.ao.shared.workflows.engine.Engine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads workflow runs: one run's status document, and pages of runs newest first from one listing
 * (all runs, a workflow's, a lead's), filtered, scanning at most a bounded number of runs per page.
 */
final class WorkflowRuns {

  private static final int LIST_SCAN_LIMIT = 2_000;

  private final Engine engine;
  private final WorkflowStore store;

  WorkflowRuns(Engine engine, WorkflowStore store) {
    this.engine = engine;
    this.store = store;
  }

  /** The run's status with its steps', or null when there is no such run. */
  Future<JsonObject> status(String runId) {
    return engine
        .runs()
        .run(runId)
        .compose(
            run ->
                run == null
                    ? Future.succeededFuture(null)
                    : engine
                        .definitions()
                        .version(run.workflow(), run.version())
                        .compose(
                            definition ->
                                store
                                    .stepTasks(run)
                                    .map(tasks -> WorkflowStatus.of(run, definition, tasks))));
  }

  /**
   * A page of {@code listing} after {@code cursor} (a run id from the previous page, or null for
   * the first), of the runs whose status document {@code wanted} accepts.
   */
  Future<JsonObject> page(String listing, String cursor, Predicate<JsonObject> wanted, int limit) {
    Future<Long> start =
        cursor == null
            ? Future.succeededFuture(0L)
            : CursorPages.rankAfter(store.rankOf(listing, cursor), "run");
    return start.compose(rank -> collect(listing, rank, wanted, limit, new JsonArray(), 0));
  }

  private Future<JsonObject> collect(
      String listing,
      long rank,
      Predicate<JsonObject> wanted,
      int limit,
      JsonArray found,
      int scanned) {
    int chunk = Math.min(100, limit * 2);
    return store
        .newestFrom(listing, rank, chunk)
        .compose(
            ids -> {
              List<Future<JsonObject>> reads = ids.stream().map(this::status).toList();
              return Future.all(new ArrayList<>(reads))
                  .compose(
                      all -> {
                        for (int i = 0; i < ids.size(); i++) {
                          JsonObject run = reads.get(i).result();
                          if (run != null && wanted.test(run)) {
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
                            listing, rank + ids.size(), wanted, limit, found, scanned + ids.size());
                      });
            });
  }
}
