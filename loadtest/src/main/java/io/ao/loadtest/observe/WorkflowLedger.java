package io.ao.loadtest.observe;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The ids of the workflows a run started (every 202 of a trigger), from any thread. */
public final class WorkflowLedger {

  private final Queue<String> ids = new ConcurrentLinkedQueue<>();

  public void started(String id) {
    if (id != null) {
      ids.add(id);
    }
  }

  public List<String> ids() {
    return List.copyOf(ids);
  }
}
