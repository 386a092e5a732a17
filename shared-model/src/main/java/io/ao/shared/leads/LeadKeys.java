package io.ao.shared.leads;

import io.ao.shared.queue.QueueKeys;

/**
 * Redis keys of leads. They share the hash tag of the queue their tasks go to, so a lead change and
 * the tasks it causes are written by one script, also on Redis Cluster.
 */
public final class LeadKeys {

  private final String tagged;
  private final QueueKeys queue;

  public LeadKeys(QueueKeys queue) {
    this.queue = queue;
    this.tagged = queue.slotPrefix();
  }

  public QueueKeys queue() {
    return queue;
  }

  /** Hash: doc (the lead as JSON), version. */
  public String lead(String id) {
    return tagged + "lead:" + id;
  }

  /** String: the id of the lead with this normalized email. */
  public String email(String normalizedEmail) {
    return tagged + "lead-email:" + normalizedEmail;
  }

  /** Sorted set of lead ids by creation time (ms). */
  public String byCreation() {
    return tagged + "leads";
  }

  /** Hash: user name to the bytes of lead documents that user created (their quota's use). */
  public String usage() {
    return tagged + "lead-usage";
  }

  /** String: the first answer to a create with this Idempotency-Key, for 24 h. */
  public String idempotency(String principal, String keyDigest) {
    return tagged + "idem:" + principal + ":" + keyDigest;
  }
}
