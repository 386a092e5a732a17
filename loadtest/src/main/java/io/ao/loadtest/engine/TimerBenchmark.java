package io.ao.loadtest.engine;

import io.ao.loadtest.scenario.Session;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.WorkflowKeys;
import io.ao.shared.workflows.engine.Engine;
import io.ao.shared.workflows.engine.Plan;
import io.ao.shared.workflows.engine.RunStart;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The {@code timers} scenario. Defines {@code timer_bench = [wait PT<n>S, noop]} and starts runs of
 * it through {@code POST /api/workflows} at a steady rate, so that as many timers per second come
 * due {@code n} seconds later, while the workers fire them. Then reads every run's hash: a timer's
 * lateness is the next step's {@code started_at} (entered in the same script that closed the wait)
 * minus the wait's {@code wake_at}.
 *
 * <p>With {@code waiting > 0}, first parks that many runs in a {@code P30D} wait, started by
 * calling the run start script (shared-model's {@link Engine} scripts, as the API does) straight
 * from here, with up to {@code fillInFlight} scripts in flight, and reads Redis's used_memory
 * before and after: the bytes of one waiting run.
 */
public final class TimerBenchmark {

  static final String WORKFLOW = "timer_bench";
  static final String PARKED = "timer_park";
  private static final int READ_WINDOW = 2_000;

  /** What to run; see TimersCommand for each. */
  public record Settings(
      int waitSeconds,
      double rate,
      double durationSeconds,
      int leads,
      long waiting,
      int fillInFlight,
      long fillTimeoutSeconds,
      long settleSeconds,
      boolean startThroughApi) {}

  private final Vertx vertx;
  private final Redis redis;
  private final Session admin;
  private final Engine engine;
  private final RedisFigures figures;

  public TimerBenchmark(Vertx vertx, Redis redis, Session admin, String prefix) {
    this.vertx = vertx;
    this.redis = redis;
    this.admin = admin;
    this.engine =
        Engine.over(
            redis,
            new QueueKeys(prefix, "default"),
            10,
            604_800,
            (workflow, where) -> {},
            System::currentTimeMillis);
    this.figures = new RedisFigures(redis);
  }

  public Future<JsonObject> run(Settings settings) {
    JsonObject result =
        new JsonObject()
            .put("wait_s", settings.waitSeconds())
            .put("target_due_per_s", settings.rate())
            .put("start_duration_s", settings.durationSeconds())
            .put("leads", settings.leads());
    return define(WORKFLOW, "PT" + settings.waitSeconds() + "S")
        .compose(defined -> createLeads(settings.leads()))
        .compose(
            leads ->
                park(settings, result)
                    .compose(parked -> engine.definitions().latest(WORKFLOW))
                    .compose(
                        stored ->
                            figures
                                .resetStats()
                                .compose(
                                    reset ->
                                        startRuns(leads, stored.definition(), settings, result))))
        .compose(runs -> awaitFired(runs, settings, result))
        .compose(
            fired ->
                figures
                    .commandStats()
                    .compose(
                        stats ->
                            figures
                                .usedMemory()
                                .map(
                                    memory ->
                                        result
                                            .put("redis_commandstats_during_due_phase", stats)
                                            .put("used_memory_after", memory))));
  }

  private Future<Void> define(String name, String wait) {
    JsonObject definition =
        new JsonObject()
            .put("name", name)
            .put("description", "timer benchmark: one wait, then a noop")
            .put(
                "steps",
                new JsonArray()
                    .add(new JsonObject().put("name", "wait").put("wait", wait))
                    .add(new JsonObject().put("name", "done").put("type", "noop")));
    return admin
        .send(HttpMethod.POST, "/api/workflows/definitions", definition)
        .compose(
            reply ->
                reply.status() == 201
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        "defining " + name + " answered " + reply.status() + ": " + reply.body()));
  }

  /** {@code count} leads through POST /api/leads, 20 at a time. */
  private Future<List<String>> createLeads(int count) {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < count; from += 20) {
      int first = from;
      int to = Math.min(count, from + 20);
      chain =
          chain.compose(
              previous -> {
                List<Future<Void>> batch = new ArrayList<>();
                for (int i = first; i < to; i++) {
                  batch.add(createLead(ids));
                }
                return Future.all(batch).mapEmpty();
              });
    }
    return chain.map(done -> new ArrayList<>(ids.subList(0, count)));
  }

  private Future<Void> createLead(List<String> ids) {
    JsonObject lead =
        new JsonObject()
            .put("email", Session.uniqueEmail())
            .put("first_name", "Timer")
            .put("last_name", "Bench")
            .put("source", "web_form");
    return admin
        .send(HttpMethod.POST, "/api/leads", lead)
        .compose(
            reply -> {
              if (reply.status() != 201) {
                return Future.failedFuture(
                    "creating a lead answered " + reply.status() + ": " + reply.body());
              }
              ids.add(reply.json().getString("id"));
              return Future.succeededFuture();
            });
  }

  // ---- the million waiting runs

  private Future<Void> park(Settings settings, JsonObject result) {
    if (settings.waiting() == 0) {
      return Future.succeededFuture();
    }
    return define(PARKED, "P30D")
        .compose(defined -> engine.definitions().latest(PARKED))
        .compose(
            stored ->
                figures
                    .usedMemory()
                    .compose(
                        before ->
                            figures
                                .dbSize()
                                .compose(
                                    keysBefore -> {
                                      long started = System.nanoTime();
                                      return fill(stored.definition(), settings)
                                          .compose(
                                              filled ->
                                                  recordParked(
                                                      settings,
                                                      result,
                                                      before,
                                                      keysBefore,
                                                      (System.nanoTime() - started) / 1e9));
                                    })));
  }

  private Future<Void> recordParked(
      Settings settings, JsonObject result, long before, long keysBefore, double seconds) {
    WorkflowKeys keys = engine.keys();
    return figures
        .usedMemory()
        .compose(
            after ->
                figures
                    .dbSize()
                    .compose(
                        keysAfter ->
                            figures
                                .zcard(keys.queue().delayed())
                                .map(
                                    delayed -> {
                                      result.put(
                                          "waiting",
                                          new JsonObject()
                                              .put("runs", settings.waiting())
                                              .put(
                                                  "started_by",
                                                  "run_start.lua through shared-model's RunScripts"
                                                      + " from the load generator")
                                              .put("fill_s", Latencies.round(seconds))
                                              .put(
                                                  "runs_per_s",
                                                  Math.round(settings.waiting() / seconds))
                                              .put("used_memory_before", before)
                                              .put("used_memory_after", after)
                                              .put("keys_before", keysBefore)
                                              .put("keys_after", keysAfter)
                                              .put("delayed_zset_members", delayed)
                                              .put(
                                                  "bytes_per_waiting_run",
                                                  Math.round(
                                                      (after - before)
                                                          / (double) settings.waiting())));
                                      System.out.println(
                                          "parked: " + result.getJsonObject("waiting").encode());
                                      return null;
                                    })));
  }

  /**
   * Starts {@code waiting} runs of the parked definition, each for a lead id of its own (the runs'
   * lead indexes are then one small hash and zset per run, as with real leads; the leads' own
   * hashes are not created, so they are not in the figure), with a bounded number in flight and a
   * deadline.
   */
  private Future<Void> fill(WorkflowDefinition definition, Settings settings) {
    Promise<Void> done = Promise.promise();
    AtomicLong issued = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    long deadline = System.nanoTime() + settings.fillTimeoutSeconds() * 1_000_000_000L;
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          long index = issued.getAndIncrement();
          if (index >= settings.waiting()) {
            return;
          }
          if (System.nanoTime() > deadline) {
            done.tryFail(
                "parking "
                    + settings.waiting()
                    + " runs took over "
                    + settings.fillTimeoutSeconds()
                    + " s ("
                    + finished.get()
                    + " parked)");
            return;
          }
          String runId = UUID.randomUUID().toString();
          String leadId = UUID.randomUUID().toString();
          String requestId = UUID.randomUUID().toString();
          JsonObject lead = new JsonObject().put("id", leadId);
          Plan plan = engine.planner().start(definition, runId, lead, requestId);
          engine
              .scripts()
              .start(new RunStart(runId, definition, leadId, requestId, "api", plan))
              .onComplete(
                  started -> {
                    if (started.failed()) {
                      done.tryFail(started.cause());
                      return;
                    }
                    long count = finished.incrementAndGet();
                    if (count % 100_000 == 0) {
                      System.out.println("parked " + count + " runs");
                    }
                    if (count == settings.waiting()) {
                      done.tryComplete();
                    } else if (!done.future().isComplete()) {
                      next[0].run();
                    }
                  });
        };
    vertx.runOnContext(
        go -> {
          for (int i = 0; i < settings.fillInFlight(); i++) {
            next[0].run();
          }
        });
    return done.future();
  }

  // ---- the timers that come due

  /**
   * Starts {@code rate × duration} runs through the API, each at its intended time (a 1 ms tick
   * sends whatever is due), round-robin over the leads.
   */
  private Future<List<String>> startRuns(
      List<String> leads, WorkflowDefinition definition, Settings settings, JsonObject result) {
    long total = Math.round(settings.rate() * settings.durationSeconds());
    double intervalNanos = 1e9 / settings.rate();
    List<String> ids = Collections.synchronizedList(new ArrayList<>((int) total));
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<String> firstRefusals = Collections.synchronizedList(new ArrayList<>());
    Histogram startLatency = Latencies.histogram();
    Promise<List<String>> done = Promise.promise();
    long startNanos = System.nanoTime();
    long startWall = System.currentTimeMillis();
    long timer =
        vertx.setPeriodic(
            1,
            tick -> {
              long now = System.nanoTime();
              while (sent.get() < total
                  && startNanos + (long) (sent.get() * intervalNanos) <= now) {
                long index = sent.getAndIncrement();
                long intended = startNanos + (long) (index * intervalNanos);
                String leadId = leads.get((int) (index % leads.size()));
                start(definition, leadId, settings.startThroughApi())
                    .onComplete(
                        reply -> {
                          synchronized (startLatency) {
                            startLatency.recordValue(
                                Math.max(0, (System.nanoTime() - intended) / 1_000));
                          }
                          if (reply.succeeded()) {
                            ids.add(reply.result());
                          } else {
                            refused.incrementAndGet();
                            if (firstRefusals.size() < 5) {
                              firstRefusals.add(String.valueOf(reply.cause().getMessage()));
                            }
                          }
                          if (answered.incrementAndGet() == total) {
                            done.tryComplete(ids);
                          }
                        });
              }
            });
    return done.future()
        .onComplete(ignored -> vertx.cancelTimer(timer))
        .map(
            started -> {
              double seconds = (System.currentTimeMillis() - startWall) / 1000.0;
              result.put(
                  "starts",
                  new JsonObject()
                      .put(
                          "via",
                          settings.startThroughApi()
                              ? "POST /api/workflows {workflow, lead_id}"
                              : "run_start.lua through shared-model's RunScripts from the load"
                                  + " generator")
                      .put("asked", total)
                      .put("started", started.size())
                      .put("refused", refused.get())
                      .put("first_refusals", new JsonArray(new ArrayList<>(firstRefusals)))
                      .put("wall_s", Latencies.round(seconds))
                      .put(
                          "start_latency_ms_from_intended_send",
                          Latencies.summary(startLatency, 1000.0)));
              System.out.println("starts: " + result.getJsonObject("starts").encode());
              return new ArrayList<>(started);
            });
  }

  /**
   * One run of {@code definition} for the lead: through the API, or by its start script called from
   * here (what the API does after reading the lead); its id.
   */
  private Future<String> start(WorkflowDefinition definition, String leadId, boolean api) {
    if (api) {
      JsonObject body = new JsonObject().put("workflow", WORKFLOW).put("lead_id", leadId);
      return admin
          .send(HttpMethod.POST, "/api/workflows", body)
          .compose(
              reply ->
                  reply.status() == 202
                      ? Future.succeededFuture(reply.json().getString("workflow_id"))
                      : Future.failedFuture(reply.status() + " " + reply.body()));
    }
    String runId = UUID.randomUUID().toString();
    String requestId = UUID.randomUUID().toString();
    Plan plan =
        engine.planner().start(definition, runId, new JsonObject().put("id", leadId), requestId);
    return engine
        .scripts()
        .start(new RunStart(runId, definition, leadId, requestId, "api", plan))
        .compose(
            started ->
                started.started()
                    ? Future.succeededFuture(runId)
                    : Future.failedFuture("not started: " + started.existingRunId()));
  }

  /**
   * Waits until every run's last timer is due plus the settle time, then reads the runs; while some
   * have not left their wait, reads again every second until the settle time has passed once more.
   */
  private Future<Void> awaitFired(List<String> runs, Settings settings, JsonObject result) {
    long firstRead = System.currentTimeMillis() + settings.waitSeconds() * 1000L + 2_000;
    long deadline = firstRead + settings.settleSeconds() * 1000L;
    Promise<Void> done = Promise.promise();
    readWhenDue(runs, firstRead, deadline, result, done);
    return done.future();
  }

  private void readWhenDue(
      List<String> runs, long at, long deadline, JsonObject result, Promise<Void> done) {
    long delay = Math.max(1, at - System.currentTimeMillis());
    vertx.setTimer(
        delay,
        id ->
            readRuns(runs)
                .onFailure(done::fail)
                .onSuccess(
                    steps -> {
                      Lateness lateness = Lateness.of(steps);
                      if (lateness.unfired() > 0 && System.currentTimeMillis() < deadline) {
                        System.out.println(
                            lateness.unfired() + " timers not fired yet; reading again");
                        readWhenDue(
                            runs, System.currentTimeMillis() + 1_000, deadline, result, done);
                        return;
                      }
                      result.put("timers", lateness.toJson());
                      done.complete();
                    }));
  }

  /** Each run's wait step and next step (JSON, or null), READ_WINDOW reads at a time. */
  private Future<List<String[]>> readRuns(List<String> runs) {
    List<String[]> steps = new ArrayList<>(runs.size());
    return readRuns(runs, 0, steps).map(done -> steps);
  }

  private Future<Void> readRuns(List<String> runs, int from, List<String[]> into) {
    if (from >= runs.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(runs.size(), from + READ_WINDOW);
    List<Future<Response>> reads = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      reads.add(
          redis.send(
              Request.cmd(Command.HMGET)
                  .arg(engine.keys().run(runs.get(i)))
                  .arg("s:wait")
                  .arg("s:done")));
    }
    return Future.all(new ArrayList<>(reads))
        .compose(
            all -> {
              for (Future<Response> read : reads) {
                Response reply = read.result();
                into.add(
                    new String[] {
                      reply.get(0) == null ? null : reply.get(0).toString(),
                      reply.get(1) == null ? null : reply.get(1).toString()
                    });
              }
              return readRuns(runs, to, into);
            });
  }

  /** The lateness figures of the runs read. */
  record Lateness(
      Histogram histogram, long runs, long fired, long lateOverSecond, JsonObject duePerSecond) {

    long unfired() {
      return runs - fired;
    }

    /** From each run's {wait step JSON, next step JSON}: next started_at − wait wake_at. */
    static Lateness of(List<String[]> steps) {
      Histogram histogram = Latencies.histogram();
      long fired = 0;
      long late = 0;
      TreeMap<Long, Long> duePerSecond = new TreeMap<>();
      for (String[] run : steps) {
        if (run[0] == null) {
          continue;
        }
        JsonObject wait = new JsonObject(run[0]);
        Long wakeAt = wait.getLong("wake_at");
        if (wakeAt == null) {
          continue;
        }
        duePerSecond.merge(wakeAt / 1000, 1L, Long::sum);
        if (run[1] == null) {
          continue;
        }
        long entered = new JsonObject(run[1]).getLong("started_at", 0L);
        if (entered == 0) {
          continue;
        }
        long lateMs = Math.max(0, entered - wakeAt);
        histogram.recordValue(lateMs);
        fired++;
        if (lateMs > 1_000) {
          late++;
        }
      }
      return new Lateness(histogram, steps.size(), fired, late, perSecond(duePerSecond));
    }

    /** Timers due per whole second, leaving out the first and last (partial) seconds. */
    private static JsonObject perSecond(TreeMap<Long, Long> counts) {
      List<Long> full = new ArrayList<>(counts.values());
      if (full.size() > 2) {
        full = full.subList(1, full.size() - 1);
      }
      List<Long> sorted = new ArrayList<>(full);
      Collections.sort(sorted);
      return new JsonObject()
          .put("seconds", sorted.size())
          .put("min", sorted.isEmpty() ? 0 : sorted.get(0))
          .put("median", sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2))
          .put("max", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("runs", runs)
          .put("fired", fired)
          .put("not_fired", unfired())
          .put("late_over_1s", lateOverSecond)
          .put("lateness_ms", Latencies.summary(histogram, 1.0))
          .put("due_per_second", duePerSecond)
          .put("goal_p99_ms", 1000)
          .put("goal_met", fired == runs && histogram.getValueAtPercentile(99) <= 1000);
    }
  }
}
