package io.ao.shared.queue;

import io.vertx.core.json.JsonObject;

/**
 * Figures of one queue, as Redis reports them. depth: entries on the stream (waiting + delivered
 * but not yet finished); pending: delivered, not yet acknowledged (XPENDING); delayed: waiting for
 * a retry (ZCARD); dead: on the dead-letter stream; lag: entries not yet delivered to the group
 * (Redis 7+, null before or when Redis cannot tell); oldestPendingAgeMs: age of the oldest
 * unacknowledged entry, 0 when none.
 */
public record QueueStats(
    String queue,
    long depth,
    long pending,
    long delayed,
    long dead,
    long consumers,
    Long lag,
    long oldestPendingAgeMs) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("queue", queue)
        .put("depth", depth)
        .put("pending", pending)
        .put("delayed", delayed)
        .put("dead", dead)
        .put("consumers", consumers)
        .put("lag", lag)
        .put("oldest_pending_age_ms", oldestPendingAgeMs);
  }
}
