package io.ao.shared.queue;

/**
 * The task types the API enqueues and the worker's handlers run. Both sides name a type through
 * these constants, so a renamed type cannot leave one side behind.
 */
public final class TaskTypes {

  /** Scores and normalises a lead after it is stored. */
  public static final String LEAD_PROCESS = "lead_process";

  /** Creates or updates the lead in the CRM. */
  public static final String CRM_UPDATE = "crm_update";

  /** Removes a deleted lead from the CRM. */
  public static final String CRM_DELETE = "crm_delete";

  /** Sends one email through the configured SMTP server. */
  public static final String EMAIL_SEND = "email_send";

  /**
   * Delivers one signed event to a webhook subscription (an event of a lead or a run, or a
   * workflow's webhook step); its retries are the queue's, with the same webhook-id each time.
   */
  public static final String WEBHOOK = "webhook";

  /** Does nothing: for smoke tests and queue benchmarks. */
  public static final String NOOP = "noop";

  /**
   * The engine's own: a wait's wake task, scheduled for when the wait ends (or a wait_for times
   * out); its success moves the run on. Not a type a definition may name.
   */
  public static final String WORKFLOW_WAKE = "workflow_wake";

  /** The types a workflow definition's task steps may name. */
  public static final java.util.Set<String> STEP_TYPES =
      java.util.Set.of(LEAD_PROCESS, CRM_UPDATE, CRM_DELETE, EMAIL_SEND, WEBHOOK, NOOP);

  private TaskTypes() {}
}
