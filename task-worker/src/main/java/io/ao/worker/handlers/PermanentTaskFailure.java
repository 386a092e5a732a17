package io.ao.worker.handlers;

/** A failure that no retry can fix (bad input, a 4xx from a peer): the task fails at once. */
public class PermanentTaskFailure extends RuntimeException {

  public PermanentTaskFailure(String message) {
    super(message, null, false, false);
  }
}
