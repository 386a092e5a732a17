package io.ao.api.auth;

import io.ao.api.http.ClientAddress;
import io.ao.api.http.ProblemException;
import io.ao.api.ratelimit.RateLimitHandler;
import io.ao.shared.config.AuthConfig;
import io.ao.shared.config.RateLimitConfig;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The security parts every HTTP verticle shares: who is calling, may they, how often. */
public record Security(
    AuthConfig auth,
    RateLimitConfig rateLimits,
    UserStore users,
    ApiKeyStore apiKeys,
    CredentialStamps stamps,
    TokenService tokens,
    AccessControl access,
    PasswordHasher hasher,
    WorkerExecutor hashing,
    LoginThrottle loginThrottle,
    RateLimitHandler rateLimit,
    ClientAddress clients) {

  private static final long REDIS_WAIT_SECONDS = 5;

  /** Hashes on the dedicated worker pool: never on an event loop. */
  public Future<String> hash(String password) {
    return hashing.executeBlocking(() -> hasher.hash(password), false);
  }

  /**
   * A login's outcome: refused by the throttle (seconds to wait), or the password's verdict and
   * whether its stored hash is of an earlier form or cost ({@code outdated}).
   */
  public record LoginCheck(long retryAfterSeconds, boolean passwordValid, boolean outdated) {

    public boolean throttled() {
      return retryAfterSeconds > 0;
    }
  }

  /**
   * Checks a login's password on the hashing pool. The attempt is taken from the failure budgets
   * when its hash starts, not when it joins the pool's queue: logins waiting for a hashing thread
   * hold no part of the budget, so fifty right passwords for one account arriving together are
   * never refused, while guesses beyond the budget are bounded by the pool's size. A null stored
   * hash (unknown user) costs the same time.
   */
  public Future<LoginCheck> checkLogin(
      String username, String ip, String password, String storedHash) {
    return hashing.executeBlocking(
        () -> {
          long wait = awaitOnWorker(loginThrottle.reserve(username, ip));
          if (wait > 0) {
            return new LoginCheck(wait, false, false);
          }
          PasswordHasher.Verdict verdict = hasher.verify(password, storedHash);
          return new LoginCheck(0, verdict.valid(), verdict.outdated());
        },
        false);
  }

  /**
   * Stores a new hash of a password a login just proved, in place of its outdated one, unless the
   * password changed meanwhile. The user's tokens and keys stay valid: the password is the same.
   */
  public Future<Boolean> rehash(String username, String outdatedHash, String password) {
    return hash(password).compose(fresh -> users.replaceHash(username, outdatedHash, fresh));
  }

  /** A worker thread may wait; the Redis reply arrives on the (free) event loop. */
  private static <T> T awaitOnWorker(Future<T> future) throws Exception {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(REDIS_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof Exception cause ? cause : failed;
    } catch (TimeoutException slow) {
      throw ProblemException.unavailable("Redis did not answer in time; try again shortly");
    }
  }
}
