package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ao.api.support.RunningApi;
import io.ao.api.support.TestTokens;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Every secret the API handles, pushed through its paths; none may show up in a log line or error
 * body.
 */
@ExtendWith(RedisServerExtension.class)
class NoSecretsInLogsTest {

  @Test
  void noPasswordTokenKeyOrSigningSecretIsEverLoggedOrEchoed(LocalRedisServer redis) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    Vertx vertx = Vertx.vertx();
    List<String> secrets =
        new ArrayList<>(List.of(RunningApi.ADMIN_PASSWORD, RunningApi.JWT_SECRET));
    List<String> bodies = new ArrayList<>();
    try (RunningApi api = RunningApi.start(vertx, redis.url(), Map.of())) {
      String userPassword = "a-users-secret-password";
      secrets.add(userPassword);
      bodies.add(
          api.postJson(
                  "/api/admin/users",
                  new JsonObject()
                      .put("username", "carol")
                      .put("password", userPassword)
                      .put("role", "agent"))
              .bodyAsString());
      String token = api.tokenFor("carol", userPassword);
      secrets.add(token);
      bodies.add(api.login("carol", "wrong-" + userPassword).bodyAsString());
      secrets.add("wrong-" + userPassword);
      bodies.add(
          api.postJson(
                  "/api/admin/users",
                  new JsonObject()
                      .put("username", "carol")
                      .put("password", "short")
                      .put("role", "agent"))
              .bodyAsString());
      String reset = "a-brand-new-password";
      secrets.add(reset);
      bodies.add(
          await(
                  api.asAdmin(HttpMethod.PUT, "/api/admin/users/carol/password")
                      .putHeader("Content-Type", "application/json")
                      .sendBuffer(new JsonObject().put("password", reset).toBuffer()))
              .bodyAsString());
      String key =
          api.postJson("/api/auth/keys", new JsonObject().put("name", "ci"))
              .bodyAsJsonObject()
              .getString("key");
      secrets.add(key);
      bodies.add(
          await(
                  api.request(HttpMethod.GET, "/api/auth/me")
                      .putHeader("X-API-Key", key + "x")
                      .send())
              .bodyAsString());
      String forged =
          TestTokens.signedWith("forged-secret-forged-secret-forged-secret", "admin", "admin");
      secrets.add(forged);
      bodies.add(
          await(
                  api.request(HttpMethod.GET, "/api/auth/me")
                      .putHeader("Authorization", "Bearer " + forged)
                      .send())
              .bodyAsString());
      bodies.add(
          await(
                  api.request(HttpMethod.POST, "/api/auth/login")
                      .putHeader("Content-Type", "application/json")
                      .sendBuffer(
                          Buffer.buffer("{\"username\":\"carol\",\"password\":\"" + reset + "\"")))
              .bodyAsString());
      bodies.add(api.get("/api/admin/users").bodyAsString());
      bodies.add(api.get("/api/auth/keys").bodyAsString());
    } finally {
      root.detachAppender(captured);
      await(vertx.close());
    }

    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : captured.list) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(lines).as("log lines captured").isNotEmpty();
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
      assertThat(bodies).noneMatch(body -> body != null && body.contains(secret));
    }
  }
}
