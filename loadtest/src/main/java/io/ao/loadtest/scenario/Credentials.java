package io.ao.loadtest.scenario;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * How a virtual user proves who it is: a password login per user (the seed's model; each login
 * costs the server a deliberately slow PBKDF2 hash), or an API key shared by all users (machine
 * clients; one SHA-256 and one Redis lookup per request).
 */
public interface Credentials {

  /**
   * Authenticates the session; completes with the HTTP status it took (200 when no request was
   * needed).
   */
  Future<Integer> authenticate(Session session);

  /** The name of the set-up row in the report. */
  String setupName();

  static Credentials login(String username, String password) {
    return new Credentials() {
      @Override
      public Future<Integer> authenticate(Session session) {
        return session
            .send(
                HttpMethod.POST,
                "/api/auth/login",
                new JsonObject().put("username", username).put("password", password))
            .map(
                reply -> {
                  if (reply.status() == 200) {
                    session.token(reply.json().getString("access_token"));
                  }
                  return reply.status();
                });
      }

      @Override
      public String setupName() {
        return "POST /api/auth/login (once per user)";
      }
    };
  }

  static Credentials apiKey(String key) {
    return new Credentials() {
      @Override
      public Future<Integer> authenticate(Session session) {
        session.apiKey(key);
        return Future.succeededFuture(200);
      }

      @Override
      public String setupName() {
        return "user set-up (API key)";
      }
    };
  }
}
