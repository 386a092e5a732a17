package io.ao.shared.redis;

/**
 * A write the master holds that fewer than {@code redis.min_replicas_ack} replicas confirmed within
 * {@code redis.replica_ack_timeout_ms}: it may exist now and may be lost in a failover.
 */
public final class ReplicaAckTimeoutException extends RuntimeException {

  private final int required;
  private final long confirmed;
  private final long timeoutMs;

  public ReplicaAckTimeoutException(int required, long confirmed, long timeoutMs) {
    super(
        "Redis confirmed the write on "
            + confirmed
            + " of the "
            + required
            + " replicas required within "
            + timeoutMs
            + " ms",
        null,
        false,
        false);
    this.required = required;
    this.confirmed = confirmed;
    this.timeoutMs = timeoutMs;
  }

  public int required() {
    return required;
  }

  public long confirmed() {
    return confirmed;
  }

  public long timeoutMs() {
    return timeoutMs;
  }
}
