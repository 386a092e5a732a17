package io.ao.api.metrics;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 15, item 7: /metrics behind a token, or on a port of its own. */
@ExtendWith(RedisServerExtension.class)
class MetricsAuthTest {

  private static final String TOKEN = "metrics-token-for-the-test-0123456789";

  @Test
  void withATokenMetricsAnswersOnlyItsBearer(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    try (RunningApi api =
        RunningApi.start(vertx, redis.url(), Map.of("AO_MONITORING_METRICS_TOKEN", TOKEN))) {
      HttpResponse<Buffer> none = api.anonymous(HttpMethod.GET, "/metrics");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
      assertThat(none.bodyAsJsonObject().getInteger("status")).isEqualTo(401);

      for (String wrong :
          new String[] {
            "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN + "x", "Bearer ", TOKEN, "Basic x"
          }) {
        assertThat(
                await(
                        api.request(HttpMethod.GET, "/metrics")
                            .putHeader("Authorization", wrong)
                            .send())
                    .statusCode())
            .as(wrong)
            .isEqualTo(401);
      }
      // the admin's own token is no metrics token
      assertThat(api.get("/metrics").statusCode()).isEqualTo(401);

      HttpResponse<Buffer> right =
          await(
              api.request(HttpMethod.GET, "/metrics")
                  .putHeader("Authorization", "Bearer " + TOKEN)
                  .send());
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.bodyAsString()).contains("ao_redis_up");
      assertThat(right.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void withAMetricsPortMetricsIsServedThereAndNotOnTheApiPort(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    int metricsPort = FreePort.find();
    try (RunningApi api =
        RunningApi.start(
            vertx,
            redis.url(),
            Map.of("AO_MONITORING_METRICS_PORT", Integer.toString(metricsPort)))) {
      assertThat(api.anonymous(HttpMethod.GET, "/metrics").statusCode()).isEqualTo(404);
      assertThat(api.get("/metrics").statusCode()).as("not even for an admin").isEqualTo(404);
      assertThat(api.server().metricsPort()).isEqualTo(metricsPort);

      WebClient scraper = WebClient.create(vertx);
      HttpResponse<Buffer> scrape = await(scraper.get(metricsPort, "127.0.0.1", "/metrics").send());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.bodyAsString()).contains("ao_redis_up").contains("ao_http_connections");
      assertThat(scrape.getHeader("X-Frame-Options")).isEqualTo("DENY");

      HttpResponse<Buffer> other = await(scraper.get(metricsPort, "127.0.0.1", "/health").send());
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.getHeader("Content-Type")).isEqualTo("application/problem+json");
      scraper.close();
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aMetricsPortWithATokenNeedsTheTokenToo(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    int metricsPort = FreePort.find();
    try (RunningApi api =
        RunningApi.start(
            vertx,
            redis.url(),
            Map.of(
                "AO_MONITORING_METRICS_PORT",
                Integer.toString(metricsPort),
                "AO_MONITORING_METRICS_TOKEN",
                TOKEN))) {
      WebClient scraper = WebClient.create(vertx);
      assertThat(await(scraper.get(metricsPort, "127.0.0.1", "/metrics").send()).statusCode())
          .isEqualTo(401);
      assertThat(
              await(
                      scraper
                          .get(metricsPort, "127.0.0.1", "/metrics")
                          .putHeader("Authorization", "Bearer " + TOKEN)
                          .send())
                  .statusCode())
          .isEqualTo(200);
      scraper.close();
    } finally {
      await(vertx.close());
    }
  }
}
