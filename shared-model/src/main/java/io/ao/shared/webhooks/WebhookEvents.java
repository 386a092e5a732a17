package io.ao.shared.webhooks;

import java.util.List;

/** The events a subscription may name; lib.lua's {@code webhook_emit} callers use the same. */
public final class WebhookEvents {

  public static final String LEAD_CREATED = "lead.created";
  public static final String LEAD_UPDATED = "lead.updated";
  public static final String LEAD_DELETED = "lead.deleted";
  public static final String WORKFLOW_SUCCEEDED = "workflow.succeeded";
  public static final String WORKFLOW_FAILED = "workflow.failed";

  /**
   * Not subscribable: what a workflow's {@code webhook} task step sends to the subscription it
   * names.
   */
  public static final String WORKFLOW_STEP = "workflow.step";

  public static final List<String> SUBSCRIBABLE =
      List.of(LEAD_CREATED, LEAD_UPDATED, LEAD_DELETED, WORKFLOW_SUCCEEDED, WORKFLOW_FAILED);

  private WebhookEvents() {}
}
