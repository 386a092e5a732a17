package io.ao.api.email;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
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

/** Email templates through the API: seeded from the configuration, replaced, refused. */
@ExtendWith(RedisServerExtension.class)
class EmailTemplateRoutesTest {

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer redis) {
    vertx = Vertx.vertx();
    redis.flushAll();
    api = RunningApi.start(vertx, redis.url(), Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  private static HttpResponse<Buffer> put(String name, JsonObject body) {
    return await(api.asAdmin(HttpMethod.PUT, "/api/email/templates/" + name).sendJsonObject(body));
  }

  @Test
  void theConfiguredTemplateIsSeededAndAPutReplacesIt() {
    JsonObject seeded = api.get("/api/email/templates/follow_up").bodyAsJsonObject();
    assertThat(seeded.getString("subject")).contains("{{first_name}}");

    JsonObject replaced =
        put(
                "welcome",
                new JsonObject()
                    .put("subject", "Welcome, {{ first_name }}")
                    .put("text", "Hello {{first_name}} of {{company}}")
                    .put("html", "<p>Hello {{first_name}}</p>"))
            .bodyAsJsonObject();
    assertThat(replaced.getString("name")).isEqualTo("welcome");
    assertThat(api.get("/api/email/templates/welcome").bodyAsJsonObject().getString("html"))
        .isEqualTo("<p>Hello {{first_name}}</p>");
    assertThat(
            api.get("/api/email/templates").bodyAsJsonObject().getJsonArray("items").stream()
                .map(t -> ((JsonObject) t).getString("name")))
        .contains("follow_up", "welcome");
  }

  @Test
  void badTemplatesAreRefusedNamingTheField() {
    Problems.assertInvalidFields(put("t", new JsonObject()), "subject", "text");
    Problems.assertInvalidFields(
        put("t", new JsonObject().put("subject", "Hi {{frist_name}}").put("text", "x")), "subject");
    Problems.assertInvalidFields(
        put("t", new JsonObject().put("subject", "Hi").put("text", "{{password}}")), "text");
    Problems.assertInvalidFields(
        put("t", new JsonObject().put("subject", "one\nBcc: x@example.com").put("text", "x")),
        "subject");
    Problems.assertInvalidFields(
        put("t", new JsonObject().put("subject", "Hi").put("text", "x").put("cc", "y")), "cc");
    Problems.assertInvalidFields(
        put("t", new JsonObject().put("subject", "Hi").put("text", 5)), "text");
    Problems.assertProblem(put("Not-A-Name", new JsonObject()), 404);
    Problems.assertProblem(api.get("/api/email/templates/missing"), 404);
  }
}
