package io.ao.api.leads;

import static io.ao.api.support.Problems.assertInvalidFields;
import static io.ao.api.support.Problems.assertProblem;
import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 item 7's look-alike leads, through the API: a Cyrillic letter in a Latin domain, a
 * fullwidth copy of an existing address, a zero-width space, NUL and ESC. Each must be refused (422
 * naming the field) or found to be the existing lead (409), never stored as a new one.
 */
@ExtendWith(RedisServerExtension.class)
class LookAlikeEmailTest {

  private final LocalRedisServer server;
  private Vertx vertx;
  private RunningApi api;

  LookAlikeEmailTest(LocalRedisServer server) {
    this.server = server;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server.flushAll();
    api = RunningApi.start(vertx, server, Map.of());
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  private HttpResponse<Buffer> create(String email) {
    return api.postJson("/api/leads", new JsonObject().put("email", email));
  }

  private String existing() {
    HttpResponse<Buffer> created = create("billing@example.com");
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static void report(String attack, HttpResponse<Buffer> answer) {
    JsonObject body = answer.bodyAsJsonObject();
    System.out.printf(
        "look-alike email: %s -> %d %s%n",
        attack,
        answer.statusCode(),
        body.containsKey("errors") ? body.getJsonArray("errors").encode() : body.encode());
  }

  @Test
  void aCyrillicLetterInTheDomainIs422NamingTheEmail() {
    existing();
    // U+0435 CYRILLIC SMALL LETTER IE in place of the Latin e
    HttpResponse<Buffer> answer = create("billing@\u0435xample.com");
    report("Cyrillic e in the domain label", answer);
    assertInvalidFields(answer, "email");
    assertThat(answer.bodyAsString()).contains("mixes scripts").contains("CYRILLIC");
  }

  @Test
  void aFullwidthCopyOfAnExistingEmailIsTheDuplicate409() {
    String id = existing();
    HttpResponse<Buffer> answer =
        create(
            "\uff42\uff49\uff4c\uff4c\uff49\uff4e\uff47@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com");
    report("fullwidth copy of billing@example.com", answer);
    assertThat(assertProblem(answer, 409).getString("existing_id")).isEqualTo(id);

    String other = create("sales@example.com").bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> moved =
        await(
            api.asAdmin(HttpMethod.PATCH, "/api/leads/" + other)
                .putHeader("Content-Type", "application/merge-patch+json")
                .sendBuffer(
                    Buffer.buffer(
                        new JsonObject().put("email", "BILLING\uff20example.com").encode())));
    report("PATCH to a fullwidth-@ copy", moved);
    assertThat(assertProblem(moved, 409).getString("existing_id")).isEqualTo(id);
  }

  @Test
  void aFullwidthAddressIsStoredAsItsCanonicalForm() {
    HttpResponse<Buffer> created = create("\uff41\uff44\uff41@example.com");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("email")).isEqualTo("ada@example.com");
  }

  @Test
  void aZeroWidthSpaceIs422NamingTheEmail() {
    existing();
    HttpResponse<Buffer> answer = create("billing\u200b@example.com");
    report("zero-width space", answer);
    assertInvalidFields(answer, "email");
    assertThat(answer.bodyAsString()).contains("U+200B");
  }

  @Test
  void nulAndEscAre422NamingTheField() {
    HttpResponse<Buffer> nul = create("ada@example.com\u0000");
    HttpResponse<Buffer> esc = create("ada\u001b[2J@example.com");
    HttpResponse<Buffer> header =
        api.postJson(
            "/api/leads",
            new JsonObject()
                .put("email", "ada@example.com")
                .put("first_name", "Ada\r\nBcc: everyone@example.com"));
    HttpResponse<Buffer> inline =
        api.postJson(
            "/api/workflows",
            new JsonObject()
                .put("workflow", "crm_sync")
                .put("lead", new JsonObject().put("email", "ada\u0000@example.com")));
    report("NUL at the end of the email", nul);
    report("ESC in the email", esc);
    report("CR LF in first_name", header);
    report("NUL in a workflow's inline lead", inline);
    assertInvalidFields(nul, "email");
    assertThat(nul.bodyAsString()).contains("U+0000");
    assertInvalidFields(esc, "email");
    assertThat(esc.bodyAsString()).contains("U+001B");
    assertInvalidFields(header, "first_name");
    assertInvalidFields(inline, "lead.email");
    assertThat(api.get("/api/leads").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }
}
