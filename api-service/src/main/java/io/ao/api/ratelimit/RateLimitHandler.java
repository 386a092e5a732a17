package io.ao.api.ratelimit;

import io.ao.api.auth.Principal;
import io.ao.api.http.ClientAddress;
import io.ao.api.http.ProblemException;
import io.ao.shared.config.RateLimitConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits each user (whether by token or by any of their API keys), else each client IP. Every
 * limited response carries RateLimit-Limit/Remaining/Reset; over the limit → 429 with Retry-After
 * and the seed's body. When Redis cannot answer, requests pass (fail open) and a metric counts it.
 */
public final class RateLimitHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitHandler.class);

  private final RateLimiter limiter;
  private final RateLimitConfig settings;
  private final ClientAddress clients;
  private final Counter rejections;
  private final Counter failOpen;

  public RateLimitHandler(
      RateLimiter limiter, RateLimitConfig settings, ClientAddress clients, MeterRegistry meters) {
    this.limiter = limiter;
    this.settings = settings;
    this.clients = clients;
    this.rejections =
        Counter.builder("ao_rate_limit_rejections_total")
            .description("Requests refused with 429")
            .register(meters);
    this.failOpen =
        Counter.builder("ao_rate_limit_fail_open_total")
            .description("Requests let through because Redis could not decide")
            .register(meters);
  }

  public void handle(RoutingContext ctx) {
    if (!settings.enabled()) {
      ctx.next();
      return;
    }
    Principal principal = Principal.of(ctx).orElse(null);
    // A user's keys and tokens share the user's budget: thirty keys are not thirty budgets.
    String subject = principal == null ? "ip:" + clients.of(ctx) : "user:" + principal.username();
    long limit =
        settings.limitFor(
            principal == null || principal.role() == null ? null : principal.role().wireName());
    limiter
        .acquire(subject, limit, settings.windowMs())
        .onSuccess(
            decision -> {
              HttpServerResponse response = ctx.response();
              response.putHeader("RateLimit-Limit", Long.toString(decision.limit()));
              response.putHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
              response.putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
              if (decision.allowed()) {
                ctx.next();
              } else {
                rejections.increment();
                ctx.fail(tooManyRequests(decision.retryAfterSeconds()));
              }
            })
        .onFailure(
            failure -> {
              failOpen.increment();
              LOG.warn(
                  "rate limiter unavailable ({}); letting the request through",
                  failure.getMessage());
              ctx.next();
            });
  }

  /** The seed's 429 body, as a problem document with the same fields. */
  public static ProblemException tooManyRequests(long retryAfterSeconds) {
    return new ProblemException(
        429,
        "Too Many Requests",
        "Rate limit exceeded. Try again later.",
        List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)),
        Map.of("retry_after", retryAfterSeconds));
  }
}
