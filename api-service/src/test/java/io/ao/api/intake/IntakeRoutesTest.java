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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signed intake and its sources: what is let in, and each way a post is refused. */
@ExtendWith(RedisServerExtension.class)
class IntakeRoutesTest {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static Vertx vertx;
  private static RunningApi api;
  private static String formSecret;
  private static String jsonSecret;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    server.flushAll();
    api = RunningApi.start(vertx, server.url(), Map.of());
    formSecret =
        source(
                "webform",
                new JsonObject()
                    .put("email", "your-email")
                    .put("first_name", "name")
                    .put("company", "org"))
            .getString("secret");
    jsonSecret =
        source(
                "ads",
                new JsonObject().put("email", "contact.email").put("last_name", "contact.surname"))
            .getString("secret");
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  private static JsonObject source(String name, JsonObject mapping) {
    HttpResponse<Buffer> created =
        api.postJson(
            "/api/intake/sources", new JsonObject().put("name", name).put("mapping", mapping));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static HttpResponse<Buffer> post(
      String source, String contentType, String body, String id, long timestamp, String secret) {
    String signature =
        WebhookSignature.of(secret)
            .sign(id, timestamp, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return await(
        api.request(HttpMethod.POST, "/api/intake/" + source)
            .putHeader("Content-Type", contentType)
            .putHeader("webhook-id", id)
            .putHeader("webhook-timestamp", Long.toString(timestamp))
            .putHeader("webhook-signature", signature)
            .sendBuffer(Buffer.buffer(body)));
  }

  private static String email() {
    return "intake-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private static String form(String email) {
    return "your-email=" + email.replace("@", "%40") + "&name=Ada&org=Analytical+Engines";
  }

  @Test
  void aValidSignedFormPostMakesALeadThroughTheUsualCreationPath() throws Exception {
    String email = email();

    HttpResponse<Buffer> created =
        post("webform", FORM, form(email), "msg_" + UUID.randomUUID(), now(), formSecret);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/leads/" + id);
    JsonObject lead = api.get("/api/leads/" + id).bodyAsJsonObject();
    assertThat(lead.getString("email")).isEqualTo(email);
    assertThat(lead.getString("first_name")).isEqualTo("Ada");
    assertThat(lead.getString("company")).isEqualTo("Analytical Engines");
    assertThat(created.bodyAsJsonObject().getJsonObject("tasks")).isNotNull();

    assertThat(auditedCreate(id)).as("audited under the source's name").isTrue();

    HttpResponse<Buffer> again =
        post("webform", FORM, form(email), "msg_" + UUID.randomUUID(), now(), formSecret);
    assertThat(again.statusCode()).as("dedupe by email, as for any lead").isEqualTo(409);
  }

  /** Whether the audit log shows intake:webform creating the lead (written as the answer ends). */
  private static boolean auditedCreate(String leadId) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      JsonObject page =
          api.get("/api/admin/audit?actor=intake:webform&limit=500").bodyAsJsonObject();
      if (page.encode().contains("intake.lead_create") && page.encode().contains(leadId)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Test
  void aSignedJsonPostIsMappedByDottedPaths() {
    String email = email();
    String body =
        new JsonObject()
            .put("contact", new JsonObject().put("email", email).put("surname", "Lovelace"))
            .encode();

    HttpResponse<Buffer> created =
        post("ads", "application/json", body, "msg_" + UUID.randomUUID(), now(), jsonSecret);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("last_name")).isEqualTo("Lovelace");
  }

  @Test
  void aReplayedWebhookIdIsRefusedWith409() {
    String id = "msg_" + UUID.randomUUID();
    String body = form(email());
    long at = now();
    assertThat(post("webform", FORM, body, id, at, formSecret).statusCode()).isEqualTo(201);

    JsonObject problem =
        Problems.assertProblem(post("webform", FORM, body, id, at, formSecret), 409);

    assertThat(problem.getString("detail")).contains("replay");
  }

  @Test
  void aStaleOrFutureTimestampIsA401() {
    Problems.assertProblem(
        post("webform", FORM, form(email()), "msg_" + UUID.randomUUID(), now() - 301, formSecret),
        401);
    Problems.assertProblem(
        post("webform", FORM, form(email()), "msg_" + UUID.randomUUID(), now() + 301, formSecret),
        401);
  }

  @Test
  void aBadSignatureIsA401ThatSaysNoMoreThanAnUnknownSource() {
    JsonObject wrongKey =
        Problems.assertProblem(
            post(
                "webform",
                FORM,
                form(email()),
                "msg_" + UUID.randomUUID(),
                now(),
                WebhookSignature.newSecret()),
            401);
    JsonObject noSource =
        Problems.assertProblem(
            post("nosuch", FORM, form(email()), "msg_" + UUID.randomUUID(), now(), formSecret),
            401);
    JsonObject unsigned =
        Problems.assertProblem(
            await(
                api.request(HttpMethod.POST, "/api/intake/webform")
                    .putHeader("Content-Type", FORM)
                    .sendBuffer(Buffer.buffer(form(email())))),
            401);

    assertThat(wrongKey.getString("detail"))
        .isEqualTo(noSource.getString("detail"))
        .isEqualTo(unsigned.getString("detail"));
  }

  @Test
  void aTamperedBodyIsA401() {
    String id = "msg_" + UUID.randomUUID();
    long at = now();
    String signature =
        WebhookSignature.of(formSecret)
            .sign(id, at, form(email()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<Buffer> tampered =
        await(
            api.request(HttpMethod.POST, "/api/intake/webform")
                .putHeader("Content-Type", FORM)
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(at))
                .putHeader("webhook-signature", signature)
                .sendBuffer(Buffer.buffer(form("mallory@example.com"))));
    Problems.assertProblem(tampered, 401);
  }

  @Test
  void aPayloadThatDoesNotMapIs422NamingTheField() {
    Problems.assertInvalidFields(
        post("webform", FORM, "name=Ada", "msg_" + UUID.randomUUID(), now(), formSecret),
        "your-email");
    Problems.assertInvalidFields(
        post(
            "webform",
            FORM,
            "your-email=not-an-email",
            "msg_" + UUID.randomUUID(),
            now(),
            formSecret),
        "email");
    Problems.assertProblem(
        post(
            "ads",
            "application/json",
            "{\"contact\":",
            "msg_" + UUID.randomUUID(),
            now(),
            jsonSecret),
        400);
    Problems.assertProblem(
        post("ads", "text/plain", "hello", "msg_" + UUID.randomUUID(), now(), jsonSecret), 415);
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "name=" + "a".repeat(70_000);
    Problems.assertProblem(
        post("webform", FORM, big, "msg_" + UUID.randomUUID(), now(), formSecret), 413);
  }

  @Test
  void sourcesAreManagedByAnAdminWithTheirSecretShownOnce() {
    JsonObject created = source("landing-page", new JsonObject().put("email", "email"));
    assertThat(created.getString("secret")).startsWith("whsec_");
    assertThat(created.getString("url")).isEqualTo("/api/intake/landing-page");

    JsonObject page = api.get("/api/intake/sources?limit=500").bodyAsJsonObject();
    assertThat(page.encode()).contains("landing-page").doesNotContain(created.getString("secret"));
    Problems.assertProblem(
        api.postJson(
            "/api/intake/sources",
            new JsonObject()
                .put("name", "landing-page")
                .put("mapping", new JsonObject().put("email", "e"))),
        409);

    assertThat(api.send(HttpMethod.DELETE, "/api/intake/sources/landing-page").statusCode())
        .isEqualTo(204);
    Problems.assertProblem(api.send(HttpMethod.DELETE, "/api/intake/sources/landing-page"), 404);
    Problems.assertProblem(
        post(
            "landing-page",
            "application/json",
            "{\"email\":\"x@example.com\"}",
            "msg_" + UUID.randomUUID(),
            now(),
            created.getString("secret")),
        401);
  }

  @Test
  void badSourcesAre422NamingTheField() {
    Problems.assertInvalidFields(
        api.postJson("/api/intake/sources", new JsonObject()), "name", "mapping");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/intake/sources",
            new JsonObject()
                .put("name", "sources")
                .put("mapping", new JsonObject().put("email", "e"))),
        "name");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/intake/sources",
            new JsonObject()
                .put("name", "x1")
                .put("mapping", new JsonObject().put("first_name", "n").put("colour", "c"))),
        "mapping.email",
        "mapping.colour");
    Problems.assertInvalidFields(
        api.postJson(
            "/api/intake/sources",
            new JsonObject()
                .put("name", "x2")
                .put("mapping", new JsonObject().put("email", "a b"))),
        "mapping.email");
    Problems.assertInvalidFields(api.get("/api/intake/sources?limit=9999"), "limit");
    Problems.assertProblem(api.anonymous(HttpMethod.GET, "/api/intake/sources"), 401);
  }
}
