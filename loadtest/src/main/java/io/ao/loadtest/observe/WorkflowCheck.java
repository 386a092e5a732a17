package io.ao.loadtest.observe;

import io.ao.loadtest.scenario.Session;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Whether the workflows a run started finished: polls their status documents ({@code GET
 * /api/workflows/{id}/status}) in rounds a second apart until every one checked is succeeded,
 * failed or cancelled, or the settle time is up (one round, however short the settle time). At most
 * {@code limit} are checked (a random sample when the run started more); the answer says so.
 */
public final class WorkflowCheck {

  static final Set<String> FINISHED = Set.of("succeeded", "failed", "cancelled");
  private static final int PARALLEL = 8;
  private static final int ERRORS_KEPT = 5;

  private final Vertx vertx;
  private final Session reader;

  public WorkflowCheck(Vertx vertx, Session reader) {
    this.vertx = vertx;
    this.reader = reader;
  }

  public Future<JsonObject> run(List<String> started, int limit, long settleMs) {
    List<String> checked = sample(started, limit);
    long begun = System.currentTimeMillis();
    Map<String, String> last = new ConcurrentHashMap<>();
    checked.forEach(id -> last.put(id, "unanswered"));
    Set<String> errors = Collections.synchronizedSet(new LinkedHashSet<>());
    AtomicInteger refused = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    // one context: every poll's callback runs on it, in turn
    vertx
        .getOrCreateContext()
        .runOnContext(
            go -> round(new ArrayList<>(checked), last, errors, refused, begun + settleMs, done));
    return done.future()
        .map(
            finished -> {
              Map<String, Long> byStatus = new TreeMap<>();
              last.values().forEach(status -> byStatus.merge(status, 1L, Long::sum));
              long completed =
                  byStatus.entrySet().stream()
                      .filter(entry -> FINISHED.contains(entry.getKey()))
                      .mapToLong(Map.Entry::getValue)
                      .sum();
              return new JsonObject()
                  .put("started", started.size())
                  .put("checked", checked.size())
                  .put("sampled", !checked.isEmpty() && checked.size() < started.size())
                  .put("settle_s", settleMs / 1000.0)
                  .put("waited_s", (System.currentTimeMillis() - begun) / 1000.0)
                  .put("completed", completed)
                  .put("succeeded", byStatus.getOrDefault("succeeded", 0L))
                  .put("by_status", new JsonObject(new LinkedHashMap<>(byStatus)))
                  // 429s and 5xx to the polls themselves: asked again, but they make the wait
                  // longer
                  .put("polls_refused", refused.get())
                  .put("errors", new JsonArray(copy(errors)));
            });
  }

  /** One pass over those not finished yet; another a second later while time is left. */
  private void round(
      List<String> pending,
      Map<String, String> last,
      Set<String> errors,
      AtomicInteger refused,
      long deadline,
      Promise<Void> done) {
    forEach(
            pending,
            id ->
                reader
                    .send(HttpMethod.GET, "/api/workflows/" + id + "/status", null)
                    .map(
                        reply -> {
                          if (reply.status() == 200) {
                            JsonObject status = reply.json();
                            last.put(id, status.getString("status", "unanswered"));
                            if ("failed".equals(status.getString("status"))
                                && status.getString("error") != null
                                && errors.size() < ERRORS_KEPT) {
                              errors.add(status.getString("error"));
                            }
                          } else if (reply.status() == 404) {
                            last.put(id, "not_found");
                          } else {
                            // a 429 or 5xx: what it was before stands, and the next round asks
                            // again
                            refused.incrementAndGet();
                          }
                          return (Void) null;
                        })
                    .otherwiseEmpty())
        .onComplete(
            passed -> {
              List<String> left = new ArrayList<>();
              for (String id : pending) {
                String status = last.get(id);
                if (!FINISHED.contains(status) && !"not_found".equals(status)) {
                  left.add(id);
                }
              }
              long remaining = deadline - System.currentTimeMillis();
              if (left.isEmpty() || remaining <= 0) {
                done.complete();
              } else {
                vertx.setTimer(
                    Math.max(1, Math.min(1_000, remaining)),
                    id -> round(left, last, errors, refused, deadline, done));
              }
            });
  }

  /** Calls {@code call} for every item, at most PARALLEL at a time. */
  private static Future<Void> forEach(List<String> items, Function<String, Future<Void>> call) {
    Promise<Void> all = Promise.promise();
    if (items.isEmpty()) {
      all.complete();
      return all.future();
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(Math.min(PARALLEL, items.size()));
    for (int lane = 0, lanes = running.get(); lane < lanes; lane++) {
      lane(items, call, next, running, all);
    }
    return all.future();
  }

  private static void lane(
      List<String> items,
      Function<String, Future<Void>> call,
      AtomicInteger next,
      AtomicInteger running,
      Promise<Void> all) {
    int index = next.getAndIncrement();
    if (index >= items.size()) {
      if (running.decrementAndGet() == 0) {
        all.complete();
      }
      return;
    }
    call.apply(items.get(index)).onComplete(done -> lane(items, call, next, running, all));
  }

  private static List<Object> copy(Set<String> errors) {
    synchronized (errors) {
      return new ArrayList<>(errors);
    }
  }

  /** All of them, or a random {@code limit} of them. */
  static List<String> sample(List<String> started, int limit) {
    if (started.size() <= limit) {
      return List.copyOf(started);
    }
    List<String> shuffled = new ArrayList<>(started);
    Collections.shuffle(shuffled, ThreadLocalRandom.current());
    return List.copyOf(shuffled.subList(0, limit));
  }
}
