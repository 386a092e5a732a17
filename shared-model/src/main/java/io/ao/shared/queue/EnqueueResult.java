package io.ao.shared.queue;

/** Outcome of an enqueue: created with a stream entry, or an existing task with its state. */
public record EnqueueResult(String taskId, boolean created, String entryId, String existingState) {

  static EnqueueResult created(String taskId, String entryId) {
    return new EnqueueResult(taskId, true, entryId, "");
  }

  static EnqueueResult existing(String taskId, String state) {
    return new EnqueueResult(taskId, false, "", state);
  }
}
