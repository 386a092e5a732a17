package io.ao.loadtest.engine;

import io.ao.loadtest.scenario.Session;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The {@code lead-writes} scenario: lead-write latency with {@code definitions} enabled workflow
 * definitions, each with a lead.created or lead.updated trigger with an {@code if} and a {@code
 * cancel_if}, against none. Phases alternate (none, with, none, with, ...); each phase is N POST
 * /api/leads and then a PATCH of each of those leads, at a fixed concurrency (a closed loop). A
 * "with" phase defines its definitions first and the next "none" phase deletes (disables) them;
 * each change is followed by a pause longer than the API's cache of enabled definitions.
 *
 * <p>By default no trigger matches (the leads come from an event, the triggers want web-form
 * leads): what is measured is evaluating the triggers, not starting runs, and with no active runs
 * no {@code cancel_if} is evaluated either. With {@code match}, every trigger matches: each POST
 * starts the lead.created definitions' runs and each PATCH evaluates their {@code cancel_if} and
 * starts the lead.updated definitions' runs.
 */
public final class LeadWriteBenchmark {

  private static final long SETTLE_MS = 1_500;

  /** What to run; see LeadWritesCommand for each. */
  public record Settings(
      int definitions,
      int phasesPerConfig,
      int requests,
      int concurrency,
      int warmup,
      boolean match) {}

  private final Vertx vertx;
  private final Session session;
  private final RedisFigures figures;
  private final WorkflowKeys keys;

  public LeadWriteBenchmark(Vertx vertx, Session session, RedisFigures figures, String prefix) {
    this.vertx = vertx;
    this.session = session;
    this.figures = figures;
    this.keys = new WorkflowKeys(new QueueKeys(prefix, "default"));
  }

  public static LeadWriteBenchmark over(
      Vertx vertx, Session session, io.vertx.redis.client.Redis redis, String prefix) {
    return new LeadWriteBenchmark(vertx, session, new RedisFigures(redis), prefix);
  }

  /** The definition's JSON: half on lead.created, half on lead.updated, conditions varied. */
  static JsonObject definition(String name, int index) {
    String[] conditions = {
      "lead.source == 'web_form' && lead.company != null",
      "lead.source == 'web_form' && 'vip' in lead.tags",
      "lead.email.endsWith('.example') && lead.source == 'web_form'",
      "lead.source == 'web_form' && (lead.title == null || !lead.title.startsWith('Intern'))",
      "size(lead.tags) > 0 && lead.source in ['web_form', 'partner']"
    };
    String[] cancels = {
      "lead.status == 'lost' || lead.status == 'unqualified'",
      "lead.status == 'converted'",
      "'unsubscribed' in lead.tags",
      "lead.status in ['lost', 'converted']"
    };
    return new JsonObject()
        .put("name", name)
        .put("description", "lead-writes benchmark: a nurture wait")
        .put(
            "trigger",
            new JsonObject()
                .put("on", index % 2 == 0 ? "lead.created" : "lead.updated")
                .put("if", conditions[index % conditions.length]))
        .put("cancel_if", cancels[index % cancels.length])
        .put(
            "steps",
            new JsonArray()
                .add(new JsonObject().put("name", "wait_2d").put("wait", "P2D"))
                .add(new JsonObject().put("name", "nurture").put("type", "noop")));
  }

  /** A lead as the phase posts it: from an event (no trigger matches), or a web form (all do). */
  private JsonObject lead(boolean match) {
    return new JsonObject()
        .put("email", Session.uniqueEmail())
        .put("first_name", "Bench")
        .put("last_name", "Lead")
        .put("company", "Initech")
        .put("title", "Engineer")
        .put("source", match ? "web_form" : "event")
        .put("tags", new JsonArray().add(match ? "vip" : "trade-show"));
  }

  public Future<JsonObject> run(Settings settings) {
    JsonObject result =
        new JsonObject()
            .put("definitions", settings.definitions())
            .put("triggers_match", settings.match())
            .put("requests_per_phase", settings.requests())
            .put("concurrency", settings.concurrency())
            .put(
                "latency",
                "closed loop (each of `concurrency` loops sends its next request when the last"
                    + " answered), measured from send to the end of the response body; not"
                    + " corrected for coordinated omission");
    JsonArray phases = new JsonArray();
    result.put("phases", phases);
    Future<Void> chain =
        settings.warmup() == 0
            ? Future.succeededFuture()
            : phase("warm-up", settings.warmup(), settings)
                .map(
                    warm -> {
                      result.put("warmup", warm);
                      return null;
                    });
    for (int p = 0; p < settings.phasesPerConfig() * 2; p++) {
      int number = p;
      boolean with = p % 2 == 1;
      chain =
          chain
              .compose(
                  previous ->
                      with
                          ? defineAll(number, settings.definitions())
                          : number == 0
                              ? Future.succeededFuture()
                              : deleteAll(number - 1, settings.definitions()))
              .compose(changed -> pause(SETTLE_MS))
              .compose(
                  settled ->
                      phase(
                          with ? "with " + settings.definitions() : "none",
                          settings.requests(),
                          settings))
              .map(
                  figures -> {
                    phases.add(figures.put("phase", number + 1));
                    System.out.println("phase " + (number + 1) + ": " + figures.encode());
                    return null;
                  });
    }
    return chain.map(done -> summarize(result, settings));
  }

  private static JsonObject summarize(JsonObject result, Settings settings) {
    JsonObject medians = new JsonObject();
    for (String config : List.of("none", "with " + settings.definitions())) {
      JsonObject medianOf = new JsonObject();
      for (String op : List.of("all", "post", "patch")) {
        List<Double> p99s = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        for (Object each : result.getJsonArray("phases")) {
          JsonObject phase = (JsonObject) each;
          if (phase.getString("config").equals(config)) {
            p99s.add(phase.getJsonObject(op).getDouble("p99"));
            p50s.add(phase.getJsonObject(op).getDouble("p50"));
          }
        }
        medianOf.put(op, new JsonObject().put("p50_ms", median(p50s)).put("p99_ms", median(p99s)));
      }
      medians.put(config, medianOf);
    }
    JsonObject none = medians.getJsonObject("none");
    JsonObject with = medians.getJsonObject("with " + settings.definitions());
    JsonObject difference = new JsonObject();
    for (String op : List.of("all", "post", "patch")) {
      difference.put(
          op,
          new JsonObject()
              .put(
                  "p50_ms",
                  Latencies.round(
                      with.getJsonObject(op).getDouble("p50_ms")
                          - none.getJsonObject(op).getDouble("p50_ms")))
              .put(
                  "p99_ms",
                  Latencies.round(
                      with.getJsonObject(op).getDouble("p99_ms")
                          - none.getJsonObject(op).getDouble("p99_ms"))));
    }
    double delta = difference.getJsonObject("all").getDouble("p99_ms");
    return result
        .put("median_per_config", medians)
        .put("difference_with_minus_none", difference)
        .put("goal_p99_delta_ms", 1.0)
        .put("goal_met", delta <= 1.0);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    if (n == 0) {
      return 0;
    }
    return Latencies.round(
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
  }

  private static String name(int phase, int index) {
    return "lw_p" + phase + "_" + index;
  }

  private Future<Void> defineAll(int phase, int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      JsonObject definition = definition(name(phase, i), i);
      chain =
          chain.compose(
              previous ->
                  session
                      .send(HttpMethod.POST, "/api/workflows/definitions", definition)
                      .compose(
                          reply ->
                              reply.status() == 201
                                  ? Future.<Void>succeededFuture()
                                  : Future.failedFuture(
                                      "defining "
                                          + definition.getString("name")
                                          + " answered "
                                          + reply.status()
                                          + ": "
                                          + reply.body())));
    }
    return chain;
  }

  private Future<Void> deleteAll(int phase, int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      String path = "/api/workflows/definitions/" + name(phase, i);
      chain =
          chain.compose(
              previous ->
                  session
                      .send(HttpMethod.DELETE, path, null)
                      .compose(
                          reply ->
                              reply.status() == 204
                                  ? Future.<Void>succeededFuture()
                                  : Future.failedFuture(
                                      "DELETE " + path + " answered " + reply.status())));
    }
    return chain;
  }

  private Future<Void> pause(long ms) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    return done.future();
  }

  /** One phase: N POSTs, then a PATCH of each created lead; figures per op and together. */
  private Future<JsonObject> phase(String config, int requests, Settings settings) {
    Histogram post = Latencies.histogram();
    Histogram patch = Latencies.histogram();
    Map<String, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());
    List<String> created = Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    return figures
        .zcard(keys.runs())
        .compose(
            runsBefore ->
                loops(
                        settings.concurrency(),
                        requests,
                        index ->
                            timed(
                                    HttpMethod.POST,
                                    "/api/leads",
                                    lead(settings.match()),
                                    post,
                                    statuses,
                                    201)
                                .map(
                                    reply -> {
                                      if (reply != null) {
                                        created.add(reply.getString("id"));
                                      }
                                      return null;
                                    }))
                    .compose(
                        posted -> {
                          List<String> ids = new ArrayList<>(created);
                          return loops(
                              settings.concurrency(),
                              ids.size(),
                              index ->
                                  timed(
                                          HttpMethod.PATCH,
                                          "/api/leads/" + ids.get(index),
                                          new JsonObject()
                                              .put("title", "Senior Engineer")
                                              .put("status", "contacted"),
                                          patch,
                                          statuses,
                                          200)
                                      .mapEmpty());
                        })
                    .compose(
                        patched ->
                            figures
                                .zcard(keys.runs())
                                .map(
                                    runsAfter -> {
                                      Histogram all = post.copy();
                                      all.add(patch);
                                      double seconds = (System.nanoTime() - started) / 1e9;
                                      return new JsonObject()
                                          .put("config", config)
                                          .put("post", Latencies.summary(post, 1000.0))
                                          .put("patch", Latencies.summary(patch, 1000.0))
                                          .put("all", Latencies.summary(all, 1000.0))
                                          .put(
                                              "requests_per_s",
                                              Math.round(all.getTotalCount() / seconds))
                                          .put("statuses", new JsonObject(new TreeMap<>(statuses)))
                                          .put("runs_started", runsAfter - runsBefore);
                                    })));
  }

  /** One request, its latency recorded in µs; the body of an expected answer, else null. */
  private Future<JsonObject> timed(
      HttpMethod method,
      String path,
      JsonObject body,
      Histogram into,
      Map<String, Integer> statuses,
      int expected) {
    long sent = System.nanoTime();
    return session
        .send(method, path, body)
        .map(
            reply -> {
              synchronized (into) {
                into.recordValue((System.nanoTime() - sent) / 1_000);
              }
              statuses.merge(method + " " + reply.status(), 1, Integer::sum);
              return reply.status() == expected ? reply.json() : null;
            })
        .recover(
            failed -> {
              statuses.merge(method + " failed", 1, Integer::sum);
              return Future.succeededFuture(null);
            });
  }

  /** {@code concurrency} loops sharing {@code count} calls of {@code call}, index by index. */
  private Future<Void> loops(
      int concurrency, int count, java.util.function.IntFunction<Future<Void>> call) {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> running = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(go -> loop(next, count, call, done));
      running.add(done.future());
    }
    return Future.all(running).mapEmpty();
  }

  private void loop(
      AtomicInteger next,
      int count,
      java.util.function.IntFunction<Future<Void>> call,
      Promise<Void> done) {
    int index = next.getAndIncrement();
    if (index >= count) {
      done.complete();
      return;
    }
    call.apply(index)
        .onComplete(ignored -> vertx.runOnContext(go -> loop(next, count, call, done)));
  }
}
