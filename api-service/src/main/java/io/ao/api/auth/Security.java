package io.ao.api.auth;

import io.ao.api.http.ClientAddress;
import io.ao.api.ratelimit.RateLimitHandler;
import io.ao.api.ratelimit.RateLimitSettings;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/** The security parts every HTTP verticle shares: who is calling, may they, how often. */
public record Security(AuthSettings auth, RateLimitSettings rateLimits, UserStore users, ApiKeyStore apiKeys,
                       TokenService tokens, AccessControl access, PasswordHasher hasher,
                       WorkerExecutor hashing, LoginThrottle loginThrottle, RateLimitHandler rateLimit,
                       ClientAddress clients) {

  /** Hashes on the dedicated worker pool: never on an event loop. */
  public Future<String> hash(String password) {
    return hashing.executeBlocking(() -> hasher.hash(password), false);
  }

  /** Verifies on the worker pool; a null stored hash (unknown user) costs the same time. */
  public Future<Boolean> verify(String password, String storedHash) {
    return hashing.executeBlocking(() -> hasher.verify(password, storedHash), false);
  }
}
