package io.ao.worker.handlers;

/**
 * The task could not run now and should wait until {@code dueAtMs} without spending an attempt: the
 * peer it calls asked everyone to hold off (a CRM account paused after a 429) or the shared budget
 * for that peer is used up. The worker puts it back in the delayed set until then.
 */
public class TaskDeferral extends RuntimeException {

  private final long dueAtMs;

  public TaskDeferral(long dueAtMs, String reason) {
    super(reason, null, false, false);
    this.dueAtMs = dueAtMs;
  }

  public long dueAtMs() {
    return dueAtMs;
  }
}
