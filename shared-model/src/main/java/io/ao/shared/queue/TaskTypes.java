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

  /** Does nothing: for smoke tests and queue benchmarks. */
  public static final String NOOP = "noop";

  private TaskTypes() {}
}
