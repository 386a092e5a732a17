package io.ao.api.workflows;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The definition endpoints' failure modes: each a problem+json 4xx naming what is wrong. */
@ExtendWith(RedisServerExtension.class)
class DefinitionRoutesTest {

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

  private static JsonObject noop(String name) {
    return new JsonObject()
        .put("name", name)
        .put("steps", new JsonArray().add(new JsonObject().put("name", "a").put("type", "noop")));
  }

  private static HttpResponse<Buffer> put(String path, JsonObject body, String ifMatch) {
    var request = api.asAdmin(HttpMethod.PUT, path);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return await(request.sendJsonObject(body));
  }

  @Test
  void unknownNamesAndVersionsAre404AndABadVersionIs400() {
    Problems.assertProblem(api.get("/api/workflows/definitions/nope"), 404);
    Problems.assertProblem(api.get("/api/workflows/definitions/NOT-A-NAME"), 404);
    Problems.assertProblem(api.get("/api/workflows/definitions/lead_intake/versions/99"), 404);
    Problems.assertProblem(api.get("/api/workflows/definitions/lead_intake/versions/0"), 400);
    Problems.assertProblem(api.get("/api/workflows/definitions/lead_intake/versions/x"), 400);
    Problems.assertProblem(put("/api/workflows/definitions/nope", noop("nope"), null), 404);
    Problems.assertProblem(api.send(HttpMethod.DELETE, "/api/workflows/definitions/nope"), 404);
  }

  @Test
  void writesCheckTheBodyWhole() {
    Problems.assertInvalidFields(
        api.postJson("/api/workflows/definitions", new JsonObject()), "name", "steps");
    Problems.assertInvalidFields(
        api.postJson("/api/workflows/definitions", noop("x").put("version", 3)), "version");
    Problems.assertInvalidFields(
        api.postJson("/api/workflows/definitions", noop("x").put("colour", "red")), "colour");
    Problems.assertInvalidFields(
        api.postJson("/api/workflows/definitions", noop("x").put("unique", "always")), "unique");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/workflows/definitions",
            noop("x").put("trigger", new JsonObject().put("on", "lead.deleted"))),
        "trigger.on");
    Problems.assertInvalidFields(
        put("/api/workflows/definitions/lead_intake", noop("other"), null), "name");
    Problems.assertProblem(
        await(
            api.asAdmin(HttpMethod.POST, "/api/workflows/definitions")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"name\": "))),
        400);
  }

  @Test
  void aTakenNameIs409AndAStaleIfMatchIs412() {
    assertThat(api.postJson("/api/workflows/definitions", noop("taken")).statusCode())
        .isEqualTo(201);
    Problems.assertProblem(api.postJson("/api/workflows/definitions", noop("taken")), 409);
    assertThat(put("/api/workflows/definitions/taken", noop("taken"), "\"1\"").statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> stale = put("/api/workflows/definitions/taken", noop("taken"), "\"1\"");
    Problems.assertProblem(stale, 412);
    assertThat(stale.getHeader("ETag")).isEqualTo("\"2\"");
    Problems.assertProblem(put("/api/workflows/definitions/taken", noop("taken"), "2"), 412);
  }

  @Test
  void agentsReadAndOnlyOperatorsWrite() {
    String agent = api.tokenOfNewUser("def_agent", "agent");
    HttpResponse<Buffer> write =
        await(
            api.request(HttpMethod.POST, "/api/workflows/definitions")
                .putHeader("Authorization", "Bearer " + agent)
                .sendJsonObject(noop("by_agent")));
    Problems.assertProblem(write, 403);
    HttpResponse<Buffer> read =
        await(
            api.request(HttpMethod.GET, "/api/workflows/definitions/lead_intake")
                .putHeader("Authorization", "Bearer " + agent)
                .send());
    assertThat(read.statusCode()).isEqualTo(200);
  }

  @Test
  void aDisabledDefinitionStartsNoRunAndAPutEnablesItAgain() {
    api.postJson("/api/workflows/definitions", noop("switch"));
    assertThat(api.send(HttpMethod.DELETE, "/api/workflows/definitions/switch").statusCode())
        .isEqualTo(204);
    JsonObject disabled = api.get("/api/workflows/definitions/switch").bodyAsJsonObject();
    assertThat(disabled.getBoolean("enabled")).isFalse();
    Problems.assertInvalidFields(
        api.postJson(
            "/api/workflows",
            new JsonObject()
                .put("workflow", "switch")
                .put("lead", new JsonObject().put("email", "switch@example.com"))),
        "workflow");
    assertThat(put("/api/workflows/definitions/switch", noop("switch"), null).statusCode())
        .isEqualTo(200);
    assertThat(
            api.get("/api/workflows/definitions/switch").bodyAsJsonObject().getBoolean("enabled"))
        .isTrue();
  }
}
