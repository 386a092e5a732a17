package io.ao.api.auth;

import io.ao.shared.config.RateLimitConfig;
import io.ao.shared.crypto.Sha256;
import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Locale;

/**
 * Failed logins are budgeted per (username, client IP) pair, with a soft per-username limit and a
 * per-IP limit on distinct usernames; a used-up budget backs off exponentially rather than walling
 * the account (login_throttle.lua has the rules). Successful logins are not counted: fifty people
 * on one account logging in at once is normal. A budget that is used up refuses further attempts
 * before any password is checked. What was typed as a username is kept only as a digest, since
 * people type passwords there.
 */
public final class LoginThrottle {

  private static final LuaScript SCRIPT =
      LuaScript.fromClasspath("/io/ao/api/auth/login_throttle.lua");

  private final Redis redis;
  private final String tagged;
  private final RateLimitConfig settings;

  public LoginThrottle(Redis redis, String prefix, RateLimitConfig settings) {
    this.redis = redis;
    this.tagged = prefix + ":{login}:";
    this.settings = settings;
  }

  /**
   * Takes the attempt from the budgets before the password is checked, so concurrent guesses cannot
   * all slip past the limit; completes with 0 when the attempt may go ahead, else the seconds to
   * wait. A right password gives the attempt back ({@link #succeeded}).
   */
  public Future<Long> reserve(String username, String ip) {
    return run("reserve", username, ip);
  }

  /**
   * Counts nothing: completes with the seconds to wait when a budget is already used up, so a
   * locked-out caller is refused at once instead of queueing for a hashing thread.
   */
  public Future<Long> exhausted(String username, String ip) {
    return run("peek", username, ip);
  }

  /** A successful login is not a failure: the pair is forgotten and the reservation returned. */
  public Future<Void> succeeded(String username, String ip) {
    return run("refund", username, ip).mapEmpty();
  }

  private Future<Long> run(String mode, String username, String ip) {
    String user = Sha256.hex(username.toLowerCase(Locale.ROOT));
    return SCRIPT
        .run(
            redis,
            List.of(
                tagged + "pair:" + user + ":" + ip, tagged + "user:" + user, tagged + "ip:" + ip),
            List.of(
                mode,
                user,
                Long.toString(settings.loginFailuresPerPair()),
                Long.toString(settings.loginFailuresPerUsername()),
                Long.toString(settings.loginUsernamesPerIp()),
                Long.toString(settings.loginBackoffBaseMs()),
                Long.toString(settings.loginBackoffMaxMs()),
                Long.toString(settings.loginWindowMs())))
        .map(reply -> (reply.toLong() + 999) / 1000);
  }
}
