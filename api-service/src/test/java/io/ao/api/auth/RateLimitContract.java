package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One budget per principal, shared by every API instance through Redis: the same cases against one
 * server ({@link RateLimitTest}) and a 3-master cluster ({@link RateLimitClusterTest}).
 */
abstract class RateLimitContract {

  private static final int LIMIT = 40;
  private final RedisTarget redis;
  private Vertx vertx;
  private RunningApi first;
  private RunningApi second;

  RateLimitContract(RedisTarget redis) {
    this.redis = redis;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // a long window, so no budget refills while the test runs
    Map<String, String> env =
        Map.of(
            "AO_RATE_LIMIT_MAX_REQUESTS",
            Integer.toString(LIMIT),
            "AO_RATE_LIMIT_WINDOW_SECONDS",
            "3600");
    first = RunningApi.start(vertx, redis, env);
    second = RunningApi.start(vertx, redis, env);
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
    await(vertx.close());
  }

  @Test
  void twoInstancesTogetherAdmitExactlyTheLimitThen429() {
    String token = first.tokenOfNewUser("limited-" + System.nanoTime(), "agent");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < LIMIT + 20; i++) {
      RunningApi api = i % 2 == 0 ? first : second;
      sent.add(
          api.request(HttpMethod.GET, "/api/auth/me")
              .putHeader("Authorization", "Bearer " + token)
              .send());
    }
    await(Future.join(new ArrayList<>(sent)));

    long admitted = sent.stream().filter(f -> f.result().statusCode() == 200).count();
    long refused = sent.stream().filter(f -> f.result().statusCode() == 429).count();
    assertThat(admitted).isEqualTo(LIMIT);
    assertThat(refused).isEqualTo(20);
    HttpResponse<Buffer> tooMany =
        sent.stream()
            .map(Future::result)
            .filter(r -> r.statusCode() == 429)
            .findFirst()
            .orElseThrow();
    JsonObject body = Problems.assertProblem(tooMany, 429);
    assertThat(body.getString("detail")).isEqualTo("Rate limit exceeded. Try again later.");
    long retryAfter = Long.parseLong(tooMany.getHeader("Retry-After"));
    // 40 per hour: the next request is allowed 90 s after the budget was spent
    assertThat(retryAfter).isBetween(85L, 90L);
    assertThat(body.getLong("retry_after")).isEqualTo(retryAfter);
    assertThat(tooMany.getHeader("RateLimit-Limit")).isEqualTo(Integer.toString(LIMIT));
    assertThat(tooMany.getHeader("RateLimit-Remaining")).isEqualTo("0");

    String other = first.tokenOfNewUser("unaffected-" + System.nanoTime(), "agent");
    HttpResponse<Buffer> otherResponse =
        await(
            first
                .request(HttpMethod.GET, "/api/auth/me")
                .putHeader("Authorization", "Bearer " + other)
                .send());
    assertThat(otherResponse.statusCode())
        .as("another principal has its own budget")
        .isEqualTo(200);
    assertThat(otherResponse.getHeader("RateLimit-Remaining"))
        .isEqualTo(Integer.toString(LIMIT - 1));
  }

  /** Issue 15, item 4: 30 keys got 3,550 of 3,600 requests through when each had a budget. */
  @Test
  void aUsersKeysShareTheUsersBudget() {
    String token = first.tokenOfNewUser("keys-" + System.nanoTime(), "agent");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(
          await(
                  first
                      .request(HttpMethod.POST, "/api/auth/keys")
                      .putHeader("Authorization", "Bearer " + token)
                      .sendJsonObject(new JsonObject().put("name", "key " + i)))
              .bodyAsJsonObject()
              .getString("key"));
    }
    // 3 of the budget went on making the keys; the rest is shared by the keys and the token.
    int left = LIMIT - 3;
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < left + 20; i++) {
      RunningApi api = i % 2 == 0 ? first : second;
      HttpRequest<Buffer> request = api.request(HttpMethod.GET, "/api/auth/me");
      sent.add(
          (i % 4 == 3
                  ? request.putHeader("Authorization", "Bearer " + token)
                  : request.putHeader("X-API-Key", keys.get(i % 4)))
              .send());
    }
    await(Future.join(new ArrayList<>(sent)));
    long admitted = sent.stream().filter(f -> f.result().statusCode() == 200).count();
    System.out.printf(
        "3 keys and a token of one user: %d of %d requests admitted (budget %d)%n",
        admitted, sent.size(), LIMIT);
    assertThat(admitted).isEqualTo(left);
  }

  @Test
  void healthMetricsAndDocsAreNotLimited() {
    for (int i = 0; i < LIMIT + 5; i++) {
      assertThat(first.anonymous(HttpMethod.GET, "/health").statusCode()).isEqualTo(200);
    }
    assertThat(first.anonymous(HttpMethod.GET, "/health").getHeader("RateLimit-Limit")).isNull();
  }

  @Test
  void perRoleOverridesApply() {
    String operator = first.tokenOfNewUser("op-" + System.nanoTime(), "operator");
    String agent = first.tokenOfNewUser("ag-" + System.nanoTime(), "agent");
    try (RunningApi generous =
        RunningApi.startWithoutLogin(
            vertx,
            redis,
            Map.of(
                "AO_RATE_LIMIT_MAX_REQUESTS",
                "2",
                "AO_RATE_LIMIT_WINDOW_SECONDS",
                "3600",
                "AO_RATE_LIMIT_PER_ROLE",
                "{\"operator\": 500}"))) {
      HttpResponse<Buffer> response =
          await(
              generous
                  .request(HttpMethod.GET, "/api/auth/me")
                  .putHeader("Authorization", "Bearer " + operator)
                  .send());
      assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("500");
      HttpResponse<Buffer> agentResponse =
          await(
              generous
                  .request(HttpMethod.GET, "/api/auth/me")
                  .putHeader("Authorization", "Bearer " + agent)
                  .send());
      assertThat(agentResponse.getHeader("RateLimit-Limit")).isEqualTo("2");
    }
  }

  @Test
  void whenRedisIsDownTheLimiterFailsOpenAndCountsIt() {
    String token = first.tokenOfNewUser("open-" + System.nanoTime(), "agent");
    // Known to this instance before Redis goes: its credential stamp is what it falls back on.
    assertThat(
            await(
                    first
                        .request(HttpMethod.GET, "/api/auth/me")
                        .putHeader("Authorization", "Bearer " + token)
                        .send())
                .statusCode())
        .isEqualTo(200);
    redis.stop();
    try {
      HttpResponse<Buffer> response =
          await(
              first
                  .request(HttpMethod.GET, "/api/auth/me")
                  .putHeader("Authorization", "Bearer " + token)
                  .send());
      assertThat(response.statusCode()).isEqualTo(200);
      String metrics = first.anonymous(HttpMethod.GET, "/metrics").bodyAsString();
      assertThat(metrics).containsPattern("ao_rate_limit_fail_open_total [1-9]");
    } finally {
      redis.start();
    }
  }
}
