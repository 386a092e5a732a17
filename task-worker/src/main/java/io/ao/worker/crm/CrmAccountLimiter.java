package io.ao.worker.crm;

import io.ao.shared.config.CrmRateLimit;
import io.ao.shared.queue.LuaScript;
import io.ao.worker.handlers.TaskDeferral;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * One CRM account's budget, shared by every worker through Redis (crm_permit.lua, crm_pause.lua):
 * {@code crm.rate_limit} requests per window, at most {@code concurrency} calls at once, and the
 * pauses the CRM itself asks for. A task that may not call now fails with a {@link TaskDeferral}
 * naming when to come back, and waits in the queue's delayed set meanwhile: nothing polls.
 *
 * <p>Keys, under one hash tag so each script runs on Redis Cluster: {@code
 * <p>:{crm:<account>}:account} (pause and the next free turn), {@code :window} (the permits that
 * still count against the rate: until a window after their answer), {@code :inflight} (calls under
 * way, each with a lease so a dead worker's permit lapses), {@code :turns} (when each waiting task
 * was told to come back).
 */
public final class CrmAccountLimiter {

  private static final LuaScript PERMIT =
      LuaScript.fromClasspath("/io/ao/worker/crm/crm_permit.lua");
  private static final LuaScript PAUSE = LuaScript.fromClasspath("/io/ao/worker/crm/crm_pause.lua");
  private static final LuaScript RELEASE =
      LuaScript.fromClasspath("/io/ao/worker/crm/crm_release.lua");

  /** Without a rate, waiting tasks still come back spread out rather than all at once. */
  private static final long SPACING_WITHOUT_RATE_MS = 20;

  /** A permit is granted. */
  public record Permit(String token) {}

  private final Redis redis;
  private final CrmRateLimit limits;
  private final long leaseMs;
  private final LongSupplier clock;
  private final String accountKey;
  private final String windowKey;
  private final String inflightKey;
  private final String turnsKey;

  public CrmAccountLimiter(
      Redis redis, String keyPrefix, String account, CrmRateLimit limits, long leaseMs) {
    this(redis, keyPrefix, account, limits, leaseMs, System::currentTimeMillis);
  }

  CrmAccountLimiter(
      Redis redis,
      String keyPrefix,
      String account,
      CrmRateLimit limits,
      long leaseMs,
      LongSupplier clock) {
    this.redis = redis;
    this.limits = limits;
    this.leaseMs = leaseMs;
    this.clock = clock;
    String base = keyPrefix + ":{crm:" + account + "}:";
    this.accountKey = base + "account";
    this.windowKey = base + "window";
    this.inflightKey = base + "inflight";
    this.turnsKey = base + "turns";
  }

  /** Completes with a permit, or fails with a {@link TaskDeferral} until the task's turn. */
  public Future<Permit> acquire(String taskId) {
    String token = UUID.randomUUID().toString();
    long spacing =
        limits.limitsRate()
            ? Math.max(1, limits.windowMs() / limits.requests())
            : SPACING_WITHOUT_RATE_MS;
    return PERMIT
        .run(
            redis,
            List.of(accountKey, windowKey, inflightKey, turnsKey),
            List.of(
                Long.toString(clock.getAsLong()),
                Integer.toString(limits.requests()),
                Long.toString(limits.windowMs()),
                Integer.toString(limits.concurrency()),
                token,
                Long.toString(leaseMs),
                taskId,
                Long.toString(spacing)))
        .compose(
            reply ->
                reply.get(0).toInteger() == 1
                    ? Future.succeededFuture(new Permit(token))
                    : Future.failedFuture(
                        new TaskDeferral(
                            reply.get(1).toLong(), "CRM account busy: " + reply.get(2))));
  }

  /**
   * The call's answer came (or it failed): its permit stops counting against the concurrency, and
   * counts against the rate for one window from now (crm_release.lua says why).
   */
  public Future<Void> release(Permit permit) {
    if (limits.concurrency() == 0 && !limits.limitsRate()) {
      return Future.succeededFuture();
    }
    return RELEASE
        .run(
            redis,
            List.of(windowKey, inflightKey),
            List.of(
                permit.token(), Long.toString(clock.getAsLong()), Long.toString(limits.windowMs())))
        .mapEmpty();
  }

  /** A pause's end no later than {@code crm.rate_limit.max_pause_seconds} from now. */
  public long capped(long untilMs) {
    return Math.min(untilMs, clock.getAsLong() + limits.maxPauseSeconds() * 1000);
  }

  /**
   * Pauses every task of the account until {@code untilMs} (capped at {@code
   * crm.rate_limit.max_pause_seconds}); true when this started or lengthened the pause.
   */
  public Future<Boolean> pause(long untilMs, String reason) {
    long now = clock.getAsLong();
    long capped = capped(untilMs);
    return PAUSE
        .run(
            redis,
            List.of(accountKey),
            List.of(
                Long.toString(now),
                Long.toString(capped),
                reason,
                Long.toString(limits.windowMs())))
        .map(reply -> reply.toInteger() == 1);
  }
}
