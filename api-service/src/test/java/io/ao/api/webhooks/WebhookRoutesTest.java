package io.ao.api.webhooks;

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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Subscriptions through the API (the SSRF allowance off, as by default) and the deliveries lead
 * writes enqueue in their own script.
 */
@ExtendWith(RedisServerExtension.class)
class WebhookRoutesTest {

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    server.flushAll();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    api = RunningApi.start(vertx, server.url(), Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  private static JsonObject subscription(String url, String... events) {
    return new JsonObject().put("url", url).put("events", new JsonArray(List.of(events)));
  }

  @Test
  void aSubscriptionIsCreatedWithItsSecretShownOnceReadListedAndDeleted() {
    HttpResponse<Buffer> created =
        api.postJson(
            "/api/webhooks",
            subscription("https://hooks.example.com/in", "lead.created", "workflow.failed")
                .put("description", "CRM mirror"));

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    String id = body.getString("id");
    assertThat(id).matches("wh_[0-9a-f]{24}");
    assertThat(created.getHeader("Location")).isEqualTo("/api/webhooks/" + id);
    assertThat(body.getString("secret")).startsWith("whsec_");
    assertThat(body.getJsonArray("events"))
        .isEqualTo(new JsonArray().add("lead.created").add("workflow.failed"));

    JsonObject read = api.get("/api/webhooks/" + id).bodyAsJsonObject();
    assertThat(read.getString("url")).isEqualTo("https://hooks.example.com/in");
    assertThat(read.containsKey("secret")).as("the secret is shown once").isFalse();
    JsonObject page = api.get("/api/webhooks?limit=500").bodyAsJsonObject();
    assertThat(page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")))
        .contains(id);
    assertThat(page.encode()).doesNotContain(body.getString("secret"));
    assertThat(api.get("/api/webhooks/" + id + "/deliveries").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("items", new JsonArray()));

    assertThat(api.send(HttpMethod.DELETE, "/api/webhooks/" + id).statusCode()).isEqualTo(204);
    Problems.assertProblem(api.get("/api/webhooks/" + id), 404);
    Problems.assertProblem(api.send(HttpMethod.DELETE, "/api/webhooks/" + id), 404);
  }

  @Test
  void badSubscriptionsAre422NamingTheField() {
    Problems.assertInvalidFields(api.postJson("/api/webhooks", new JsonObject()), "url", "events");
    Problems.assertInvalidFields(
        api.postJson("/api/webhooks", subscription("https://a.example.com/", "lead.exploded")),
        "events[0]");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/webhooks",
            new JsonObject().put("url", "https://a.example.com/").put("events", new JsonArray())),
        "events");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/webhooks", subscription("https://a.example.com/", "lead.created").put("x", 1)),
        "x");
    Problems.assertInvalidFields(
        api.postJson("/api/webhooks", subscription("ftp://a.example.com/", "lead.created")), "url");
    Problems.assertInvalidFields(
        api.postJson("/api/webhooks", subscription("not a url", "lead.created")), "url");
  }

  @Test
  void ssrfTargetsAreRefusedWithTheAllowanceOff() {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://10.1.2.3/")) {
      JsonObject problem =
          Problems.assertProblem(
              api.postJson("/api/webhooks", subscription(url, "lead.created")), 422);
      assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field"))
          .as(url)
          .isEqualTo("url");
    }
  }

  @Test
  void unknownIdsBadPagesAndBodiesAreProblems() {
    Problems.assertProblem(api.get("/api/webhooks/wh_nope"), 404);
    Problems.assertProblem(api.get("/api/webhooks/not-an-id"), 404);
    Problems.assertProblem(api.get("/api/webhooks/wh_nope/deliveries"), 404);
    Problems.assertInvalidFields(api.get("/api/webhooks?limit=0"), "limit");
    Problems.assertInvalidFields(api.get("/api/webhooks?cursor=wh_gone"), "cursor");
    Problems.assertProblem(
        api.post("/api/webhooks", "application/json", Buffer.buffer("{\"url\":")), 400);
    Problems.assertProblem(api.post("/api/webhooks", "text/plain", Buffer.buffer("x")), 415);
    Problems.assertProblem(api.anonymous(HttpMethod.GET, "/api/webhooks"), 401);
  }

  @Test
  void leadWritesEnqueueOneSignedDeliveryPerSubscriberInTheirOwnScript() {
    String all =
        api.postJson(
                "/api/webhooks",
                subscription(
                    "https://hooks.example.com/all",
                    "lead.created",
                    "lead.updated",
                    "lead.deleted"))
            .bodyAsJsonObject()
            .getString("id");
    String deletesOnly =
        api.postJson("/api/webhooks", subscription("https://hooks.example.com/d", "lead.deleted"))
            .bodyAsJsonObject()
            .getString("id");

    String email = "hook-" + System.nanoTime() + "@example.com";
    String lead =
        api.postJson("/api/leads", new JsonObject().put("email", email))
            .bodyAsJsonObject()
            .getString("id");
    assertThat(
            await(
                    api.asAdmin(HttpMethod.PATCH, "/api/leads/" + lead)
                        .putHeader("Content-Type", "application/merge-patch+json")
                        .sendBuffer(new JsonObject().put("status", "contacted").toBuffer()))
                .statusCode())
        .isEqualTo(200);
    assertThat(deliveries(all).stream().filter(p -> p.encode().contains(email)).count())
        .as("created and updated carry the lead's data until it is deleted")
        .isEqualTo(2);
    assertThat(api.send(HttpMethod.DELETE, "/api/leads/" + lead).statusCode()).isEqualTo(204);

    List<JsonObject> toAll = deliveries(all);
    assertThat(toAll.stream().map(p -> p.getString("event")))
        .containsExactlyInAnyOrder("lead.created", "lead.updated", "lead.deleted");
    JsonObject createdEvent =
        toAll.stream().filter(p -> p.getString("event").equals("lead.created")).findFirst().get();
    assertThat(createdEvent.getJsonObject("data").getString("id")).isEqualTo(lead);
    assertThat(createdEvent.getString("event_id")).startsWith("evt_");
    JsonObject deletedEvent =
        toAll.stream().filter(p -> p.getString("event").equals("lead.deleted")).findFirst().get();
    assertThat(deletedEvent.getJsonObject("data")).isEqualTo(new JsonObject().put("id", lead));
    assertThat(toAll)
        .as("the deleted lead's earlier events keep only its id")
        .allSatisfy(
            payload ->
                assertThat(payload.getJsonObject("data"))
                    .isEqualTo(new JsonObject().put("id", lead)));
    assertThat(toAll.stream().filter(p -> p.getBoolean("erased", false)).count()).isEqualTo(2);
    assertThat(deliveries(deletesOnly).stream().map(p -> p.getString("event")))
        .containsExactly("lead.deleted");

    assertThat(api.send(HttpMethod.DELETE, "/api/webhooks/" + all).statusCode()).isEqualTo(204);
    assertThat(api.send(HttpMethod.DELETE, "/api/webhooks/" + deletesOnly).statusCode())
        .isEqualTo(204);
  }

  /** The payloads of the queued webhook tasks of one subscription. */
  private static List<JsonObject> deliveries(String subscription) {
    Response keys =
        await(redis.send(Request.cmd(Command.KEYS).arg("ao:{default}:task:wh.*." + subscription)));
    List<JsonObject> payloads = new ArrayList<>();
    for (Response key : keys) {
      Response fields =
          await(
              redis.send(
                  Request.cmd(Command.HMGET).arg(key.toString()).arg("type").arg("payload")));
      assertThat(fields.get(0).toString()).isEqualTo("webhook");
      payloads.add(new JsonObject(fields.get(1).toString()));
    }
    return payloads;
  }
}
