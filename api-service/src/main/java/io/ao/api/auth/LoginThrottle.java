package io.ao.api.auth;

import io.ao.api.ratelimit.RateLimiter;
import io.ao.shared.config.RateLimitConfig;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * Failed logins are budgeted per username and per client IP; successful logins are not counted
 * (fifty people on one account logging in at once is normal). A budget that is used up refuses
 * further attempts before any password is checked.
 */
public final class LoginThrottle {

  private final RateLimiter limiter;
  private final RateLimitConfig settings;

  public LoginThrottle(RateLimiter limiter, RateLimitConfig settings) {
    this.limiter = limiter;
    this.settings = settings;
  }

  /**
   * Takes one attempt from both budgets before the password is checked, so concurrent guesses
   * cannot all slip past the limit; completes with 0 when the attempt may go ahead, else the
   * seconds to wait. A right password gives the attempt back.
   */
  public Future<Long> reserve(String username, String ip) {
    return bothBudgets(limiter::acquire, username, ip);
  }

  /**
   * Counts nothing: completes with the seconds to wait when a budget is already used up, so a
   * locked-out caller is refused at once instead of queueing for a hashing thread.
   */
  public Future<Long> exhausted(String username, String ip) {
    return bothBudgets(limiter::peek, username, ip);
  }

  /** One budget decision: take from it, only look, or give back. */
  private interface Decide {
    Future<RateLimiter.Decision> apply(String subject, long limit, long periodMs);
  }

  /** The per-username and per-IP budgets decided together; the longer wait wins. */
  private Future<Long> bothBudgets(Decide decide, String username, String ip) {
    Future<RateLimiter.Decision> byUser =
        decide.apply(
            userSubject(username), settings.loginFailuresPerUsername(), settings.loginWindowMs());
    Future<RateLimiter.Decision> byIp =
        decide.apply(ipSubject(ip), settings.loginFailuresPerIp(), settings.loginWindowMs());
    return Future.all(byUser, byIp)
        .map(both -> Math.max(wait(byUser.result()), wait(byIp.result())));
  }

  /** A successful login is not a failure: return the attempt it reserved. */
  public Future<Void> succeeded(String username, String ip) {
    return bothBudgets(limiter::refund, username, ip).mapEmpty();
  }

  private static long wait(RateLimiter.Decision decision) {
    return decision.allowed() ? 0 : decision.retryAfterSeconds();
  }

  private static String userSubject(String username) {
    return "login-user:" + username.toLowerCase(Locale.ROOT);
  }

  private static String ipSubject(String ip) {
    return "login-ip:" + ip;
  }
}
