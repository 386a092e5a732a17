package io.ao.shared.workflows;

import io.ao.shared.queue.QueueKeys;

/** Keys of workflow runs, under the hash tag of the queue their steps run on. */
public final class WorkflowKeys {

  private final String tagged;
  private final QueueKeys queue;

  public WorkflowKeys(QueueKeys queue) {
    this.queue = queue;
    this.tagged = queue.slotPrefix();
  }

  public QueueKeys queue() {
    return queue;
  }

  /** Hash: workflow, lead_id, steps (JSON names), created_at, request_id, cancelled. */
  public String run(String workflowId) {
    return tagged + "wf:" + workflowId;
  }

  /** Sorted set of run ids by creation time. */
  public String runs() {
    return tagged + "wfs";
  }
}
