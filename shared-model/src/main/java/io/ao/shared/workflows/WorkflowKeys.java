package io.ao.shared.workflows;

import io.ao.shared.queue.QueueKeys;

/**
 * Keys of workflow definitions and runs. All live under the home partition's slot prefix, beside
 * the leads: a lead write starts, resumes and cancels runs in the same script, so on Redis Cluster
 * they must share a slot (see workflow_lib.lua for the run keys the scripts build from the prefix).
 */
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

  /** What the run scripts build their keys from, e.g. {@code ao:{default}:}. */
  public String slotPrefix() {
    return tagged;
  }

  /**
   * Hash: id, workflow, version, lead_id, status, current, path, seq, created_at, updated_at, and
   * {@code s:<step>} (JSON) per step entered.
   */
  public String run(String workflowId) {
    return tagged + "wf:" + workflowId;
  }

  /** Sorted set of run ids by creation time. */
  public String runs() {
    return tagged + "wfs";
  }

  /** Sorted set of one workflow's run ids by creation time. */
  public String runsOf(String workflow) {
    return tagged + "wfs:" + workflow;
  }

  /** Sorted set of one lead's run ids by creation time. */
  public String runsOfLead(String leadId) {
    return tagged + "lead-wfs:" + leadId;
  }

  /**
   * Sorted set of ended runs ({@code run|workflow|lead}) by when their hash expires: what the
   * listing trim takes off the three listings above.
   */
  public String expiringRuns() {
    return tagged + "wfs-expiring";
  }

  /** Hash: the lead's active run ids → {"w": workflow, "v": version, "s": wait_for step}. */
  public String activeRunsOfLead(String leadId) {
    return tagged + "lead-runs:" + leadId;
  }

  /**
   * Hash of one definition: {@code latest} (its newest version), {@code enabled} (1 or 0), {@code
   * created_at}, {@code updated_at}, {@code v<n>} (version n as JSON), and for a schedule {@code
   * last_tick} (the tick last started, epoch ms).
   */
  public String definition(String name) {
    return tagged + "wfdef:" + name;
  }

  /** Sorted set of definition names by creation time. */
  public String definitions() {
    return tagged + "wfdefs";
  }

  /**
   * Counter bumped by every definition write. Lead writes evaluate triggers against a cached set of
   * definitions and pass the epoch it was read at; their script refuses a stale one.
   */
  public String definitionsEpoch() {
    return tagged + "wfdefs:epoch";
  }

  /** Hash: template name → {"subject", "text", "html"} (JSON). */
  public String emailTemplates() {
    return tagged + "email-templates";
  }
}
