package io.ao.api.ratelimit;

import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/** One Redis script call per decision, shared by every API instance (see gcra.lua). */
public final class RateLimiter {

  private static final LuaScript GCRA = LuaScript.fromClasspath("/io/ao/api/ratelimit/gcra.lua");

  private final Redis redis;
  private final String prefix;

  public RateLimiter(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /**
   * allowed; remaining in the current budget; when to retry (ms); when the budget is full again
   * (ms).
   */
  public record Decision(
      boolean allowed, long limit, long remaining, long retryAfterMs, long resetMs) {

    public long retryAfterSeconds() {
      return Math.max(1, (retryAfterMs + 999) / 1000);
    }

    public long resetSeconds() {
      return (resetMs + 999) / 1000;
    }
  }

  /** Counts one request of {@code subject} against {@code limit} per {@code periodMs}. */
  public Future<Decision> acquire(String subject, long limit, long periodMs) {
    return run(subject, limit, periodMs, 1);
  }

  /** Would one more be allowed? Counts nothing (used before checking a password). */
  public Future<Decision> peek(String subject, long limit, long periodMs) {
    return run(subject, limit, periodMs, 0);
  }

  /** Gives back what {@link #acquire} took (a login that turned out to be right). */
  public Future<Decision> refund(String subject, long limit, long periodMs) {
    return run(subject, limit, periodMs, -1);
  }

  private Future<Decision> run(String subject, long limit, long periodMs, int cost) {
    return GCRA.run(
            redis,
            List.of(prefix + ":rl:" + subject),
            List.of(Long.toString(limit), Long.toString(periodMs), Integer.toString(cost)))
        .map(
            reply ->
                new Decision(
                    reply.get(0).toInteger() == 1,
                    limit,
                    reply.get(1).toLong(),
                    reply.get(2).toLong(),
                    reply.get(3).toLong()));
  }
}
