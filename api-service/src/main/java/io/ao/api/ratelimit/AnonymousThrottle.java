package io.ao.api.ratelimit;

import io.ao.api.audit.AuditLog;
import io.ao.api.auth.Principal;
import io.ao.api.http.ClientAddress;
import io.ao.shared.config.RateLimitConfig;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles unauthenticated failures per client address, before authentication (issue 15: 15,000
 * anonymous 401s a second used to reach the audit log). Each 401 or 429 answered to a request
 * without a principal costs the address one unit of {@code
 * rate_limit.anonymous_failures_per_ip_per_minute} (shared by all instances, via Redis). Once it is
 * spent, this instance refuses every request from the address with 429 at once, whatever
 * credentials it carries (a junk header must not buy a way around it), until the budget has room
 * again. Those refusals cost no Redis call each: they are counted here and added to the audit
 * counts in bulk.
 */
public final class AnonymousThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(AnonymousThrottle.class);
  private static final long MINUTE_MS = 60_000;
  private static final long SHORTEST_BLOCK_MS = 1_000;

  /** Beyond this many blocked addresses, new ones are decided by Redis on every failure. */
  private static final int MAX_BLOCKED_ADDRESSES = 100_000;

  private final RateLimiter limiter;
  private final long budget;
  private final ClientAddress clients;
  private final AuditLog audit;
  private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();
  private final LongAdder refusedUnrecorded = new LongAdder();

  public AnonymousThrottle(
      RateLimiter limiter, RateLimitConfig settings, ClientAddress clients, AuditLog audit) {
    this.limiter = limiter;
    this.budget = settings.enabled() ? settings.anonymousFailuresPerIpPerMinute() : 0;
    this.clients = clients;
    this.audit = audit;
  }

  /** Router handler for /api/*, ahead of the audit recorder and authentication. */
  public void handle(RoutingContext ctx) {
    if (budget == 0) {
      ctx.next();
      return;
    }
    String address = clients.of(ctx);
    long waitMs = blockedFor(address, System.currentTimeMillis());
    if (waitMs > 0) {
      refusedUnrecorded.increment();
      ctx.fail(RateLimitHandler.tooManyRequests((waitMs + 999) / 1000));
      return;
    }
    ctx.addEndHandler(done -> countIfAnonymousFailure(ctx, address));
    ctx.next();
  }

  /** Adds the refusals counted since the last call to the audit counts; called every second. */
  public Future<Void> flush() {
    long refused = refusedUnrecorded.sumThenReset();
    if (refused == 0) {
      return Future.succeededFuture();
    }
    return audit
        .countRefusedUnrecorded(refused)
        .onFailure(
            failure -> {
              refusedUnrecorded.add(refused);
              LOG.warn("anonymous refusals not counted yet: {}", failure.getMessage());
            });
  }

  private long blockedFor(String address, long now) {
    Long until = blockedUntil.get(address);
    if (until == null) {
      return 0;
    }
    if (until > now) {
      return until - now;
    }
    blockedUntil.remove(address, until);
    return 0;
  }

  private void countIfAnonymousFailure(RoutingContext ctx, String address) {
    int status = ctx.response().getStatusCode();
    if ((status != 401 && status != 429) || Principal.of(ctx).isPresent()) {
      return;
    }
    limiter
        .acquire("anonymous-failures:" + address, budget, MINUTE_MS)
        .onSuccess(
            decision -> {
              if (!decision.allowed() && roomFor(address)) {
                long blockMs = Math.max(SHORTEST_BLOCK_MS, decision.retryAfterMs());
                blockedUntil.put(address, System.currentTimeMillis() + blockMs);
              }
            })
        .onFailure(
            failure ->
                LOG.debug(
                    "anonymous failure of {} not counted: {}", address, failure.getMessage()));
  }

  private boolean roomFor(String address) {
    if (blockedUntil.size() < MAX_BLOCKED_ADDRESSES || blockedUntil.containsKey(address)) {
      return true;
    }
    long now = System.currentTimeMillis();
    blockedUntil.values().removeIf(until -> until <= now);
    return blockedUntil.size() < MAX_BLOCKED_ADDRESSES;
  }
}
