package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * One API key for a whole run: created once, through the run's logged-in admin session, before the
 * users start, and revoked when the run ends, so no usable key outlives the test.
 */
public final class ApiKeyGrant {

  private final Session admin;
  private String id;
  private String key;

  /** {@code admin}: a session that is logged in already. */
  public ApiKeyGrant(Session admin) {
    this.admin = admin;
  }

  public Future<String> create() {
    return admin
        .send(HttpMethod.POST, "/api/auth/keys", new JsonObject().put("name", "loadtest"))
        .compose(
            reply -> {
              if (reply.status() != 201) {
                return Future.failedFuture(
                    "creating an API key answered " + reply.status() + ": " + reply.body());
              }
              id = reply.json().getString("id");
              key = reply.json().getString("key");
              return Future.succeededFuture(key);
            });
  }

  public Future<Void> revoke() {
    if (id == null) {
      return Future.succeededFuture();
    }
    return admin.send(HttpMethod.DELETE, "/api/auth/keys/" + id, null).mapEmpty();
  }

  public String key() {
    return key;
  }
}
