package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.api.support.TestTokens;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad tokens and revoked keys are refused; good ones identify their holder. */
@ExtendWith(RedisServerExtension.class)
class CredentialsTest {

  private static Vertx vertx;
  private static LocalRedisServer redis;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    redis = server;
    vertx = Vertx.vertx();
    api = RunningApi.start(vertx, server.url(), Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void loginGivesABearerTokenThatIdentifiesTheUser() {
    JsonObject login = api.login("admin", RunningApi.ADMIN_PASSWORD).bodyAsJsonObject();
    assertThat(login.getString("token_type")).isEqualTo("bearer");
    assertThat(login.getInteger("expires_in")).isEqualTo(3600);
    JsonObject me = withBearer(login.getString("access_token")).bodyAsJsonObject();
    assertThat(me)
        .isEqualTo(
            new JsonObject()
                .put("username", "admin")
                .put("role", "admin")
                .put("auth_method", "jwt"));
  }

  @Test
  void unknownUserAndWrongPasswordGetTheSameAnswer() {
    HttpResponse<Buffer> wrongPassword = api.login("admin", "not-the-password");
    HttpResponse<Buffer> unknownUser = api.login("nobody-here", "not-the-password");
    JsonObject first = Problems.assertProblem(wrongPassword, 401);
    JsonObject second = Problems.assertProblem(unknownUser, 401);
    assertThat(first.getString("detail"))
        .isEqualTo(second.getString("detail"))
        .isEqualTo("Invalid username or password");
  }

  @Test
  void forgedExpiredUnsignedAndForeignTokensAreRefused() {
    for (String token :
        new String[] {
          TestTokens.signedWith("another-secret-that-is-also-long-enough!!", "admin", "admin"),
          TestTokens.expired("admin", "admin"),
          TestTokens.unsigned("admin", "admin"),
          TestTokens.withIssuer("someone-else", "admin", "admin"),
          TestTokens.withAudience("another-api", "admin", "admin"),
          TestTokens.valid("admin", "admin") + "x",
          // signed right, but for no stored user, or without the admin's credential stamp
          TestTokens.valid("nobody-at-all", "admin"),
          TestTokens.valid("admin", "admin"),
          "not.a.jwt",
          ""
        }) {
      HttpResponse<Buffer> response = withBearer(token);
      Problems.assertProblem(response, 401);
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(withBearer(api.tokenFor("admin", RunningApi.ADMIN_PASSWORD)).statusCode())
        .as("control: a good token")
        .isEqualTo(200);
  }

  @Test
  void aGenuineTokenWithAnUnknownRoleIsAllowedNothing() {
    Problems.assertProblem(withBearer(TestTokens.valid("admin", "superuser")), 403);
  }

  @Test
  void apiKeysAreShownOnceListedWithoutTheKeyAndRevokedEverywhereAtOnce() throws Exception {
    HttpResponse<Buffer> created =
        api.postJson("/api/auth/keys", new JsonObject().put("name", "ci").put("role", "agent"));
    assertThat(created.statusCode()).isEqualTo(201);
    String key = created.bodyAsJsonObject().getString("key");
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(key).startsWith("ao_" + id + "_").hasSizeGreaterThanOrEqualTo(3 + 10 + 1 + 43);

    JsonObject me =
        await(api.request(HttpMethod.GET, "/api/auth/me").putHeader("X-API-Key", key).send())
            .bodyAsJsonObject();
    assertThat(me.getString("auth_method")).isEqualTo("api_key");
    assertThat(me.getString("role")).as("the key's role, not its owner's").isEqualTo("agent");
    assertThat(
            await(
                    api.request(HttpMethod.GET, "/api/admin/queues")
                        .putHeader("X-API-Key", key)
                        .send())
                .statusCode())
        .isEqualTo(403);
    String listed = api.get("/api/auth/keys").bodyAsString();
    assertThat(listed).contains(id).doesNotContain(key).doesNotContain(key.substring(14));

    try (RunningApi second = RunningApi.start(vertx, redis.url(), Map.of())) {
      assertThat(
              await(
                      second
                          .request(HttpMethod.GET, "/api/auth/me")
                          .putHeader("X-API-Key", key)
                          .send())
                  .statusCode())
          .isEqualTo(200);
      assertThat(api.send(HttpMethod.DELETE, "/api/auth/keys/" + id).statusCode()).isEqualTo(204);
      long revokedAt = System.nanoTime();
      HttpResponse<Buffer> refused =
          await(second.request(HttpMethod.GET, "/api/auth/me").putHeader("X-API-Key", key).send());
      long tookMs = (System.nanoTime() - revokedAt) / 1_000_000;
      Problems.assertProblem(refused, 401);
      assertThat(tookMs)
          .as("refused by the second instance within 1 s of the revocation")
          .isLessThan(1_000);
    }
    Problems.assertProblem(api.send(HttpMethod.DELETE, "/api/auth/keys/" + id), 404);
  }

  @Test
  void aKeyCannotCarryMoreThanItsCreatorsRole() {
    api.postJson(
        "/api/admin/users",
        new JsonObject()
            .put("username", "agent-smith")
            .put("password", "agent-password-1")
            .put("role", "agent"));
    String agent = api.tokenFor("agent-smith", "agent-password-1");
    HttpResponse<Buffer> response =
        await(
            api.request(HttpMethod.POST, "/api/auth/keys")
                .putHeader("Authorization", "Bearer " + agent)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    new JsonObject().put("name", "escalate").put("role", "admin").toBuffer()));
    Problems.assertInvalidFields(response, "role");
  }

  @Test
  void garbageApiKeysAreRefused() {
    for (String key :
        new String[] {"x", "ao_0123456789_" + "A".repeat(43), "ao_abc", "Bearer abc"}) {
      Problems.assertProblem(
          await(api.request(HttpMethod.GET, "/api/auth/me").putHeader("X-API-Key", key).send()),
          401);
    }
  }

  private static HttpResponse<Buffer> withBearer(String token) {
    return await(
        api.request(HttpMethod.GET, "/api/auth/me")
            .putHeader("Authorization", "Bearer " + token)
            .send());
  }
}
