package io.ao.shared.workflows.engine;

import io.ao.shared.workflows.WorkflowDefinition;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The latest version of each enabled definition, as of an epoch: what lead writes test their
 * triggers against and what the schedules tick from. Re-read at most every {@code maxAgeMs}, and at
 * once after {@link #invalidate()} (a lead write's script found the epoch moved on). Shared by the
 * event loops of a process; a read in progress is shared too.
 */
public final class EnabledDefinitions {

  /** The enabled definitions as of {@code epoch}. */
  public record Snapshot(long epoch, List<WorkflowDefinition> definitions, long readAt) {}

  private final DefinitionStore store;
  private final long maxAgeMs;
  private final LongSupplier clock;
  private final AtomicReference<Future<Snapshot>> current = new AtomicReference<>();

  public EnabledDefinitions(DefinitionStore store, long maxAgeMs, LongSupplier clock) {
    this.store = store;
    this.maxAgeMs = maxAgeMs;
    this.clock = clock;
  }

  public Future<Snapshot> current() {
    Future<Snapshot> cached = current.get();
    if (cached != null
        && (!cached.isComplete()
            || (cached.succeeded() && clock.getAsLong() - cached.result().readAt() < maxAgeMs))) {
      return cached;
    }
    Future<Snapshot> read = read();
    // whoever loses the race uses the winner's read
    return current.compareAndSet(cached, read) ? read : current.get();
  }

  /** The next {@link #current()} reads Redis again. */
  public void invalidate() {
    current.set(null);
  }

  private Future<Snapshot> read() {
    long readAt = clock.getAsLong();
    // the epoch before the definitions: a write in between makes the snapshot look stale to a
    // lead write's script (safe), never fresh
    return store
        .epoch()
        .compose(
            epoch ->
                store
                    .all()
                    .map(
                        all ->
                            new Snapshot(
                                epoch,
                                all.stream()
                                    .filter(DefinitionStore.Stored::enabled)
                                    .map(DefinitionStore.Stored::definition)
                                    .toList(),
                                readAt)));
  }
}
