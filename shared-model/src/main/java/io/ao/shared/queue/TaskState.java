package io.ao.shared.queue;

import java.util.Locale;

/**
 * The states of a task's status hash, as stored in its {@code state} field. SCHEDULED: created to
 * start at a later time (in the delayed zset, like a retry).
 */
public enum TaskState {
  SCHEDULED,
  QUEUED,
  RUNNING,
  SUCCEEDED,
  RETRYING,
  FAILED,
  DEAD,
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == DEAD || this == CANCELLED;
  }

  public static TaskState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
