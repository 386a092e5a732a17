package io.ao.shared.webhooks;

import io.ao.shared.queue.QueueKeys;

/**
 * Where webhook subscriptions, their delivery logs and intake sources live: under the home
 * partition's slot prefix, beside the leads and runs, because the lead scripts and the run scripts
 * enqueue a subscription's deliveries in the same step as their write (lib.lua {@code webhook_emit}
 * builds the same names from the slot prefix).
 */
public final class WebhookKeys {

  private final String slot;

  public WebhookKeys(QueueKeys home) {
    this.slot = home.slotPrefix();
  }

  public String slotPrefix() {
    return slot;
  }

  /** Hash: a subscription (url, events, secret, max_attempts, created_at, created_by). */
  public String subscription(String id) {
    return slot + "webhook:" + id;
  }

  /** Zset (created ms): every subscription, for listing. */
  public String subscriptions() {
    return slot + "webhooks";
  }

  /** Set: the subscriptions of one event, which a write of that event delivers to. */
  public String subscribersOf(String event) {
    return slot + "webhooks:" + event;
  }

  /** Hash: a delivery task's status (the queue's), whose payload webhook_erase may cut down. */
  public String task(String taskId) {
    return slot + "task:" + taskId;
  }

  /** Set: the deliveries of a lead's events, erased with the lead (lib.lua webhook_erase). */
  public String leadDeliveries(String leadId) {
    return slot + "lead-webhooks:" + leadId;
  }

  /** List (newest first, capped): a subscription's delivery attempts. */
  public String deliveries(String id) {
    return slot + "webhook-deliveries:" + id;
  }

  /** Hash: an intake source (secret, mapping, created_at, created_by). */
  public String intakeSource(String name) {
    return slot + "intake-source:" + name;
  }

  /** Zset (created ms): the intake sources, for listing. */
  public String intakeSources() {
    return slot + "intake-sources";
  }

  /** String (expires with the timestamp tolerance): a webhook-id a source has used. */
  public String intakeSeen(String source, String messageId) {
    return slot + "intake-seen:" + source + ":" + messageId;
  }
}
