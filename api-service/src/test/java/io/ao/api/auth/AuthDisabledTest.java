package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * auth.enabled=false is an explicit operator switch: every caller is the anonymous admin, and says
 * so.
 */
@ExtendWith(RedisServerExtension.class)
class AuthDisabledTest {

  @Test
  void withAuthOffEveryCallerIsTheAnonymousAdminAndTheAuditLogSaysSo(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    try (RunningApi api =
        RunningApi.startWithoutLogin(vertx, redis.url(), Map.of("AO_AUTH_ENABLED", "false"))) {
      JsonObject me = api.anonymous(HttpMethod.GET, "/api/auth/me").bodyAsJsonObject();
      assertThat(me)
          .isEqualTo(
              new JsonObject()
                  .put("username", "anonymous")
                  .put("role", "admin")
                  .put("auth_method", "none"));
      assertThat(
              await(
                      api.request(HttpMethod.POST, "/api/tasks")
                          .putHeader("Content-Type", "application/json")
                          .sendBuffer(new JsonObject().put("type", "noop").toBuffer()))
                  .statusCode())
          .isEqualTo(202);
      JsonObject entry =
          api.anonymous(HttpMethod.GET, "/api/admin/audit")
              .bodyAsJsonObject()
              .getJsonArray("items")
              .getJsonObject(0);
      assertThat(entry.getString("actor")).isEqualTo("anonymous");
      assertThat(entry.getString("auth_method")).isEqualTo("none");
    } finally {
      await(vertx.close());
    }
  }
}
