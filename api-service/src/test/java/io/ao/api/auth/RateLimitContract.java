package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.api.support.TestTokens;
import io.ao.devstack.redis.RedisTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
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
    first = RunningApi.startWithoutLogin(vertx, redis, env);
    second = RunningApi.startWithoutLogin(vertx, redis, env);
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
    await(vertx.close());
  }

  @Test
  void twoInstancesTogetherAdmitExactlyTheLimitThen429() {
    String token = TestTokens.valid("limited-" + System.nanoTime(), "agent");
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

    String other = TestTokens.valid("unaffected-" + System.nanoTime(), "agent");
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

  @Test
  void healthMetricsAndDocsAreNotLimited() {
    for (int i = 0; i < LIMIT + 5; i++) {
      assertThat(first.anonymous(HttpMethod.GET, "/health").statusCode()).isEqualTo(200);
    }
    assertThat(first.anonymous(HttpMethod.GET, "/health").getHeader("RateLimit-Limit")).isNull();
  }

  @Test
  void perRoleOverridesApply() {
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
      String operator = TestTokens.valid("op-" + System.nanoTime(), "operator");
      HttpResponse<Buffer> response =
          await(
              generous
                  .request(HttpMethod.GET, "/api/auth/me")
                  .putHeader("Authorization", "Bearer " + operator)
                  .send());
      assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("500");
      String agent = TestTokens.valid("ag-" + System.nanoTime(), "agent");
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
    String token = TestTokens.valid("open-" + System.nanoTime(), "agent");
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
