package io.ao.api.http;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class SecurityHeadersTest {

  @Test
  void everyResponseForbidsSniffingAndFramingAndTheDocsPageGetsAStrictCsp(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    try (RunningApi api = RunningApi.start(vertx, redis.url(), Map.of())) {
      for (String path :
          new String[] {"/health", "/api/auth/me", "/api/nope", "/docs", "/openapi.json"}) {
        HttpResponse<Buffer> response = api.anonymous(HttpMethod.GET, path);
        assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(response.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
        assertThat(response.getHeader("Content-Security-Policy"))
            .as(path)
            .contains("frame-ancestors 'none'");
      }
      String docsPolicy =
          api.anonymous(HttpMethod.GET, "/docs").getHeader("Content-Security-Policy");
      assertThat(docsPolicy)
          .contains("script-src 'self'")
          .doesNotContain("unsafe-eval")
          .doesNotContain("*");
      assertThat(api.anonymous(HttpMethod.GET, "/docs").bodyAsString()).doesNotContain("<script>");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void theConsoleIsServedFromTheJarUnderItsOwnPolicyWithNoInlineCodeOrEval(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    try (RunningApi api = RunningApi.start(vertx, redis.url(), Map.of())) {
      HttpResponse<Buffer> page = api.anonymous(HttpMethod.GET, "/console");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.getHeader("Content-Type")).startsWith("text/html");
      assertThat(page.getHeader("Content-Security-Policy"))
          .isEqualTo(
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                  + "connect-src 'self'; base-uri 'none'; form-action 'none'; "
                  + "frame-ancestors 'none'");
      assertThat(page.bodyAsString())
          .contains("<script type=\"module\" src=\"/console/assets/js/main.js\">")
          .contains("/console/vendor/chart.js/dist/chart.umd.js")
          .doesNotContain("<script>")
          .doesNotContain("style=")
          .doesNotContain("http://")
          .doesNotContain("https://");
      for (String asset :
          new String[] {
            "/console/assets/js/main.js",
            "/console/assets/js/views/dead-letters.js",
            "/console/assets/console.css",
            "/console/vendor/chart.js/dist/chart.umd.js"
          }) {
        HttpResponse<Buffer> file = api.anonymous(HttpMethod.GET, asset);
        assertThat(file.statusCode()).as(asset).isEqualTo(200);
        assertThat(file.getHeader("Content-Security-Policy"))
            .as(asset)
            .contains("script-src 'self'");
        assertThat(file.getHeader("Content-Type"))
            .as(asset)
            .matches(asset.endsWith(".css") ? "text/css.*" : "(text|application)/javascript.*");
        assertThat(file.bodyAsString()).as(asset).doesNotContain("eval(");
      }
      assertThat(api.anonymous(HttpMethod.GET, "/console/assets/nope.js").statusCode())
          .isEqualTo(404);
      assertThat(
              api.anonymous(HttpMethod.GET, "/console/assets/%2e%2e/%2e%2e/logback.xml")
                  .statusCode())
          .isNotEqualTo(200);
      assertThat(api.anonymous(HttpMethod.GET, "/api/auth/me").getHeader("Content-Security-Policy"))
          .as("the API keeps its own policy")
          .isEqualTo("default-src 'none'; frame-ancestors 'none'");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void corsIsOffByDefaultAndAnswersOnlyConfiguredOrigins(LocalRedisServer redis) {
    Vertx vertx = Vertx.vertx();
    try (RunningApi closed = RunningApi.start(vertx, redis.url(), Map.of());
        RunningApi open =
            RunningApi.start(
                vertx,
                redis.url(),
                Map.of("AO_HTTP_CORS_ORIGINS", "[\"https://app.example.com\"]"))) {
      assertThat(
              await(
                      closed
                          .request(HttpMethod.GET, "/health")
                          .putHeader("Origin", "https://app.example.com")
                          .send())
                  .getHeader("Access-Control-Allow-Origin"))
          .isNull();
      assertThat(
              await(
                      open.request(HttpMethod.GET, "/health")
                          .putHeader("Origin", "https://app.example.com")
                          .send())
                  .getHeader("Access-Control-Allow-Origin"))
          .isEqualTo("https://app.example.com");
      assertThat(
              await(
                      open.request(HttpMethod.GET, "/health")
                          .putHeader("Origin", "https://evil.example.com")
                          .send())
                  .getHeader("Access-Control-Allow-Origin"))
          .isNull();
    } finally {
      await(vertx.close());
    }
  }
}
