package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fifty people on one account logging in at once is normal (the seed mix, README "Load testing"):
 * with the production work factor the logins queue for the hashing pool far longer than the failure
 * budget of one username from one IP (5) is deep, and none of them may be refused for it.
 */
@ExtendWith(RedisServerExtension.class)
class LoginCrowdTest {

  private static final String PASSWORD = "crowd-password-0123456789";

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    // the test's cheap Argon2 cost: this is about the throttle's budget under a crowd of right
    // passwords, not about hashing time, which a loaded build box would stretch past the request
    // timeout at OWASP's cost (BENCHMARKS.md measures logins at that cost)
    api = RunningApi.start(vertx, server.url(), Map.of());
    assertThat(
            api.postJson(
                    "/api/admin/users",
                    new JsonObject()
                        .put("username", "crowd")
                        .put("password", PASSWORD)
                        .put("role", "agent"))
                .statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void fiftyRightPasswordsForOneAccountAtOnceAllGetATokenAndLeaveTheBudgetFull() {
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()),
            new PoolOptions().setHttp1MaxSize(50));
    List<Future<HttpResponse<Buffer>>> logins = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      logins.add(
          client
              .post("/api/auth/login")
              .putHeader("Content-Type", "application/json")
              .sendBuffer(
                  new JsonObject().put("username", "crowd").put("password", PASSWORD).toBuffer()));
    }
    await(Future.join(new ArrayList<>(logins)));

    List<Integer> statuses = logins.stream().map(login -> login.result().statusCode()).toList();
    assertThat(statuses).hasSize(50).allMatch(status -> status == 200);
    // the budget is whole again: five wrong guesses are checked (401), the sixth must wait
    List<Integer> guesses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      guesses.add(api.login("crowd", "wrong-" + i).statusCode());
    }
    assertThat(guesses.subList(0, 5)).allMatch(status -> status == 401);
    assertThat(guesses.get(5)).isEqualTo(429);
    assertThat(await(api.request(HttpMethod.GET, "/health").send()).statusCode()).isEqualTo(200);
  }
}
