package io.ao.worker.workflows;

import io.ao.shared.workflows.Trigger;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.Engine;
import io.ao.shared.workflows.engine.Plan;
import io.ao.shared.workflows.engine.RunStart;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runs of scheduled definitions ({@code trigger.schedule}): every worker looks at each
 * schedule a few times a second and offers its latest tick; the tick script starts a run only for a
 * tick after the last one started, so each tick has exactly one run however many workers offer it.
 * A tick missed while no worker ran is not made up later, except the latest (at most one run per
 * schedule on restart, not a burst).
 */
public final class ScheduleTicker {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleTicker.class);
  static final long INTERVAL_MS = 250;

  private final Vertx vertx;
  private final Engine engine;
  private final LongSupplier clock;

  /** The tick this worker last offered per definition: no script per look when nothing is due. */
  private final Map<String, Long> offered = new HashMap<>();

  private long timer = -1;
  private boolean looking;

  public ScheduleTicker(Vertx vertx, Engine engine, LongSupplier clock) {
    this.vertx = vertx;
    this.engine = engine;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(INTERVAL_MS, id -> look());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void look() {
    if (looking) {
      return;
    }
    looking = true;
    engine
        .enabled()
        .current()
        .onComplete(
            snapshot -> {
              looking = false;
              if (snapshot.failed()) {
                LOG.debug("schedules: definitions unreadable: {}", snapshot.cause().getMessage());
                return;
              }
              snapshot.result().definitions().forEach(this::offer);
            });
  }

  private void offer(WorkflowDefinition definition) {
    if (!(definition.trigger().orElse(null) instanceof Trigger.Schedule schedule)) {
      return;
    }
    Optional<Instant> tick = schedule.lastTickAtOrBefore(Instant.ofEpochMilli(clock.getAsLong()));
    String key = definition.name() + "#" + definition.version();
    if (tick.isEmpty() || tick.get().toEpochMilli() == offered.getOrDefault(key, 0L)) {
      return;
    }
    long tickMs = tick.get().toEpochMilli();
    offered.put(key, tickMs);
    String runId = "schedule-" + definition.name() + "-" + tickMs;
    Plan plan = engine.planner().start(definition, runId, null, "");
    engine
        .scripts()
        .tick(tickMs, new RunStart(runId, definition, "", "", "schedule", plan))
        .onSuccess(
            started -> {
              if (started) {
                LOG.info(
                    "schedule {}: run {} for the tick at {}", definition.name(), runId, tick.get());
              }
            })
        .onFailure(
            failure -> {
              offered.remove(key); // offer it again at the next look
              LOG.warn(
                  "schedule {}: tick {} not offered: {}",
                  definition.name(),
                  tick.get(),
                  failure.getMessage());
            });
  }
}
