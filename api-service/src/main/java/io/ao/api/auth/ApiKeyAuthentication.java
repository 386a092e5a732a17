package io.ao.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Authenticates X-API-Key against the stored SHA-256 digests, on every request. */
public final class ApiKeyAuthentication implements AuthenticationProvider {

  private static final long TOUCH_EVERY_MS = 60_000;

  private final ApiKeyStore keys;

  /**
   * When each key's last_used_at was last written, so a busy key does not write on every request.
   */
  private final Map<String, Long> lastTouched = new ConcurrentHashMap<>();

  public ApiKeyAuthentication(ApiKeyStore keys) {
    this.keys = keys;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token)) {
      return Future.failedFuture("API key expected");
    }
    return keys.findBySecret(token.getToken())
        .compose(
            key -> {
              if (key == null || key.expiredAt(System.currentTimeMillis())) {
                return Future.failedFuture("unknown, revoked or expired API key");
              }
              touch(key);
              return Future.succeededFuture(
                  User.create(
                      new JsonObject()
                          .put("sub", key.owner())
                          .put("role", key.role().wireName())
                          .put("key_id", key.id())));
            });
  }

  private void touch(ApiKeyStore.KeyInfo key) {
    long now = System.currentTimeMillis();
    Long last = lastTouched.get(key.id());
    if (last == null || now - last > TOUCH_EVERY_MS) {
      lastTouched.put(key.id(), now);
      keys.touch(key, now);
    }
  }
}
