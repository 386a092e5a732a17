package io.ao.api.intake;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.webhooks.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A source has a budget of its own: posts from many addresses (each within its own per-IP budget)
 * still stop at the source's limit.
 */
@ExtendWith(RedisServerExtension.class)
class IntakeSourceLimitTest {

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    server.flushAll();
    api =
        RunningApi.start(
            vertx,
            server.url(),
            Map.of(
                "AO_RATE_LIMIT_MAX_REQUESTS", "3",
                "AO_HTTP_TRUSTED_PROXIES", "[\"127.0.0.1\"]"));
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void postsFromManyAddressesStopAtTheSourcesBudget() {
    String secret =
        api.postJson(
                "/api/intake/sources",
                new JsonObject()
                    .put("name", "ads")
                    .put("mapping", new JsonObject().put("email", "email")))
            .bodyAsJsonObject()
            .getString("secret");

    for (int i = 0; i < 3; i++) {
      assertThat(post(secret, "10.0.0." + i, i).statusCode()).isEqualTo(201);
    }
    HttpResponse<Buffer> over = post(secret, "10.0.0.99", 99);

    Problems.assertProblem(over, 429);
    assertThat(over.getHeader("Retry-After")).isNotBlank();
  }

  private static HttpResponse<Buffer> post(String secret, String address, int n) {
    String body = new JsonObject().put("email", "limit-" + n + "@example.com").encode();
    String id = "msg_" + UUID.randomUUID();
    long at = System.currentTimeMillis() / 1000;
    return await(
        api.request(HttpMethod.POST, "/api/intake/ads")
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Forwarded-For", address)
            .putHeader("webhook-id", id)
            .putHeader("webhook-timestamp", Long.toString(at))
            .putHeader(
                "webhook-signature",
                WebhookSignature.of(secret).sign(id, at, body.getBytes(StandardCharsets.UTF_8)))
            .sendBuffer(Buffer.buffer(body)));
  }
}
