package io.ao.api.intake;

import io.ao.api.ratelimit.RateLimitHandler;
import io.ao.api.ratelimit.RateLimiter;
import io.ao.shared.config.RateLimitConfig;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * A signed source's request budget, {@code rate_limit.max_requests} per window like a user's,
 * charged once its signature is verified (so a forger cannot spend it). Over it: 429 with {@code
 * Retry-After}. A limiter Redis cannot answer lets the request through, as the route limiter does.
 */
final class SourceLimit {

  private final RateLimiter limiter;
  private final RateLimitConfig settings;

  SourceLimit(RateLimiter limiter, RateLimitConfig settings) {
    this.limiter = limiter;
    this.settings = settings;
  }

  Future<Void> acquire(RoutingContext ctx, String source) {
    if (!settings.enabled()) {
      return Future.succeededFuture();
    }
    return limiter
        .acquire("intake:" + source, settings.limitFor(null), settings.windowMs())
        .transform(
            decided -> {
              if (decided.failed() || decided.result().allowed()) {
                return Future.succeededFuture();
              }
              ctx.response()
                  .putHeader("RateLimit-Limit", Long.toString(decided.result().limit()))
                  .putHeader("RateLimit-Remaining", Long.toString(decided.result().remaining()))
                  .putHeader("RateLimit-Reset", Long.toString(decided.result().resetSeconds()));
              return Future.failedFuture(
                  RateLimitHandler.tooManyRequests(decided.result().retryAfterSeconds()));
            });
  }
}
