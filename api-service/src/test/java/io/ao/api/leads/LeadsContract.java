package io.ao.api.leads;

import static io.ao.api.support.Problems.assertInvalidFields;
import static io.ao.api.support.Problems.assertProblem;
import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leads through the API: against one server ({@link LeadsTest}) and a 3-master cluster with
 * partitioned queues ({@link LeadsClusterTest}).
 */
abstract class LeadsContract {

  private final RedisTarget server;
  private final Map<String, String> env;
  private Vertx vertx;
  private RunningApi api;

  LeadsContract(RedisTarget server, Map<String, String> env) {
    this.server = server;
    this.env = env;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server.flushAll();
    api = RunningApi.start(vertx, server, env);
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void aCreatedLeadIsReadBackWithItsETagAndItsTasksAreQueued() {
    HttpResponse<Buffer> created =
        api.postJson(
            "/api/leads",
            new JsonObject()
                .put("email", " Ada@Example.com ")
                .put("first_name", "Ada")
                .put("company", "Analytical Engines")
                .put("tags", new JsonArray().add("vip"))
                .put("custom_fields", new JsonObject().put("employees", 12)));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject lead = created.bodyAsJsonObject();
    String id = lead.getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/leads/" + id);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(lead.getString("email"))
        .as("normalized on write: trimmed, the domain lower-cased")
        .isEqualTo("Ada@example.com");
    assertThat(lead.getString("status")).isEqualTo("new");
    assertThat(lead.getString("crm_sync_state")).isEqualTo("pending");
    assertThat(lead.containsKey("score")).as("system fields are shown, not yet set").isTrue();
    assertThat(lead.getValue("score")).isNull();

    HttpResponse<Buffer> read = api.get("/api/leads/" + id);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    JsonObject back = read.bodyAsJsonObject();
    assertThat(back.getString("first_name")).isEqualTo("Ada");
    assertThat(back.getJsonObject("custom_fields").getInteger("employees")).isEqualTo(12);

    JsonObject tasks = lead.getJsonObject("tasks");
    assertThat(
            api.get("/api/tasks/" + tasks.getString("lead_process"))
                .bodyAsJsonObject()
                .getString("type"))
        .isEqualTo("lead_process");
    assertThat(tasks.getString("lead_process")).isEqualTo(id + ".process.1");
    assertThat(tasks.getString("crm_sync"))
        .as("the chain's sync: enqueued once lead_process has scored the lead")
        .isEqualTo(id + ".crm.1");
    assertThat(api.get("/api/tasks/" + tasks.getString("crm_sync")).statusCode()).isEqualTo(404);
  }

  @Test
  void everyValidationFailureIs422NamingTheField() {
    assertInvalidFields(api.postJson("/api/leads", new JsonObject()), "email");
    assertInvalidFields(
        api.postJson("/api/leads", new JsonObject().put("email", "not-an-email")), "email");
    assertInvalidFields(api.postJson("/api/leads", new JsonObject().put("email", 42)), "email");
    assertInvalidFields(
        api.postJson(
            "/api/leads",
            new JsonObject()
                .put("email", "a@b.co")
                .put("first_name", "x".repeat(101))
                .put("status", "hot")
                .put("source", "tv")
                .put("phone", "call me")
                .put("campaign_id", "../x")
                .put("tags", "vip")
                .put("custom_fields", new JsonObject().put("deep", new JsonObject()))
                .put("notes", 7)),
        "first_name",
        "status",
        "source",
        "phone",
        "campaign_id",
        "tags",
        "custom_fields.deep",
        "notes");
    assertInvalidFields(
        api.postJson(
            "/api/leads", new JsonObject().put("email", "a@b.co").put("favourite_colour", "red")),
        "favourite_colour");
    assertInvalidFields(
        api.postJson(
            "/api/leads",
            new JsonObject()
                .put("email", "a@b.co")
                .put("id", "mine")
                .put("score", 99)
                .put("version", 3)),
        "id",
        "score",
        "version");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 21; i++) {
      tooMany.add("t" + i);
    }
    assertInvalidFields(
        api.postJson("/api/leads", new JsonObject().put("email", "a@b.co").put("tags", tooMany)),
        "tags");
    assertInvalidFields(
        api.postJson(
            "/api/leads",
            new JsonObject().put("email", "a@b.co").put("tags", new JsonArray().add("ok").add(5))),
        "tags[1]");
    assertProblem(api.post("/api/leads", "application/json", Buffer.buffer("{\"email\":")), 400);
    assertProblem(api.post("/api/leads", "text/csv", Buffer.buffer("email\na@b.co")), 415);
  }

  // Found by the API fuzzer: nulls were stored and read back as a null status, source or
  // name, which the Lead schema does not allow.
  @Test
  void aNullFieldInAFullLeadIsTheFieldLeftOut() {
    JsonObject nulls =
        new JsonObject()
            .put("status", null)
            .put("source", null)
            .put("notes", null)
            .put("tags", null);
    HttpResponse<Buffer> created =
        api.postJson("/api/leads", nulls.copy().put("email", "nulls@example.com"));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject lead = created.bodyAsJsonObject();
    assertThat(lead.getString("status")).isEqualTo("new");
    assertThat(lead.getString("source")).isEqualTo("api");
    assertThat(lead.getJsonArray("tags")).isEmpty();
    assertThat(lead.containsKey("notes")).isFalse();

    HttpResponse<Buffer> replaced =
        await(
            api.asAdmin(HttpMethod.PUT, "/api/leads/" + lead.getString("id"))
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    nulls
                        .copy()
                        .put("email", "nulls@example.com")
                        .put("first_name", null)
                        .toBuffer()));
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(replaced.bodyAsJsonObject().getString("status")).isEqualTo("new");
    assertThat(replaced.bodyAsJsonObject().containsKey("first_name")).isFalse();
    assertInvalidFields(api.postJson("/api/leads", new JsonObject().put("email", null)), "email");
  }

  @Test
  void aDuplicateNormalizedEmailIs409WithTheExistingId() {
    String id =
        api.postJson("/api/leads", new JsonObject().put("email", "grace@navy.mil"))
            .bodyAsJsonObject()
            .getString("id");
    JsonObject conflict =
        assertProblem(
            api.postJson("/api/leads", new JsonObject().put("email", "  GRACE@Navy.MIL")), 409);
    assertThat(conflict.getString("existing_id")).isEqualTo(id);
  }

  @Test
  void createIsIdempotentByKeyAndBody() {
    JsonObject body = new JsonObject().put("email", "linus@example.org");
    HttpResponse<Buffer> first =
        await(
            api.asAdmin(HttpMethod.POST, "/api/leads")
                .putHeader("Idempotency-Key", "k-1")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body.toBuffer()));
    HttpResponse<Buffer> again =
        await(
            api.asAdmin(HttpMethod.POST, "/api/leads")
                .putHeader("Idempotency-Key", "k-1")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body.toBuffer()));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());

    HttpResponse<Buffer> otherBody =
        await(
            api.asAdmin(HttpMethod.POST, "/api/leads")
                .putHeader("Idempotency-Key", "k-1")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(new JsonObject().put("email", "x@example.org").toBuffer()));
    assertInvalidFields(otherBody, "Idempotency-Key");
    assertThat(api.get("/api/leads").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  void putReplacesTheClientFieldsKeepsServerFieldsAndHonoursIfMatch() {
    JsonObject lead =
        api.postJson(
                "/api/leads",
                new JsonObject()
                    .put("email", "alan@example.com")
                    .put("company", "Bletchley")
                    .put("first_name", "Alan"))
            .bodyAsJsonObject();
    String id = lead.getString("id");

    HttpResponse<Buffer> replaced =
        put(
            id,
            new JsonObject()
                .put("email", "alan@example.com")
                .put("first_name", "A.")
                .put("status", "qualified"),
            "\"1\"");
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    JsonObject doc = replaced.bodyAsJsonObject();
    assertThat(doc.getLong("version")).isEqualTo(2);
    assertThat(replaced.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(doc.containsKey("company")).as("a full replacement drops what it omits").isFalse();
    assertThat(doc.getLong("created_at")).isEqualTo(lead.getLong("created_at"));
    assertThat(doc.getJsonObject("tasks"))
        .as("no worker runs here: the change joins the create's sync chain, still queued")
        .isEqualTo(new JsonObject());

    JsonObject stale =
        assertProblem(put(id, new JsonObject().put("email", "alan@example.com"), "\"1\""), 412);
    assertThat(stale.getString("detail")).contains("\"2\"");
    assertThat(put(id, new JsonObject().put("email", "alan@example.com"), "\"2\"").statusCode())
        .isEqualTo(200);
    assertProblem(put(id, new JsonObject().put("email", "alan@example.com"), "*garbage*"), 412);
    JsonObject unquoted =
        assertProblem(put(id, new JsonObject().put("email", "alan@example.com"), "3"), 412);
    assertThat(unquoted.getString("detail"))
        .as("an unquoted version is not taken for the current ETag")
        .isEqualTo(
            "If-Match must be an entity tag in double quotes, as the ETag header gives it (\"3\"); got 3");
    assertInvalidFields(put(id, new JsonObject().put("first_name", "no email"), null), "email");
    assertProblem(put("no-such-lead", new JsonObject().put("email", "z@example.com"), null), 404);

    String other =
        api.postJson("/api/leads", new JsonObject().put("email", "joan@example.com"))
            .bodyAsJsonObject()
            .getString("id");
    JsonObject taken =
        assertProblem(put(id, new JsonObject().put("email", "JOAN@example.com"), null), 409);
    assertThat(taken.getString("existing_id")).isEqualTo(other);
    assertThat(put(id, new JsonObject().put("email", "turing@example.com"), null).statusCode())
        .isEqualTo(200);
    assertThat(
            api.postJson("/api/leads", new JsonObject().put("email", "alan@example.com"))
                .statusCode())
        .as("the old email is free again")
        .isEqualTo(201);
  }

  @Test
  void patchIsAJsonMergePatch() {
    String id =
        api.postJson(
                "/api/leads",
                new JsonObject()
                    .put("email", "ada@example.com")
                    .put("company", "AE")
                    .put("custom_fields", new JsonObject().put("a", 1).put("b", 2)))
            .bodyAsJsonObject()
            .getString("id");

    HttpResponse<Buffer> patched =
        await(
            api.asAdmin(HttpMethod.PATCH, "/api/leads/" + id)
                .putHeader("Content-Type", "application/merge-patch+json")
                .sendBuffer(
                    Buffer.buffer(
                        "{\"company\": null, \"status\": \"contacted\", \"custom_fields\": {\"b\": null, \"c\": 3}}")));
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    JsonObject doc = patched.bodyAsJsonObject();
    assertThat(doc.containsKey("company")).isFalse();
    assertThat(doc.getString("status")).isEqualTo("contacted");
    assertThat(doc.getJsonObject("custom_fields"))
        .isEqualTo(new JsonObject().put("a", 1).put("c", 3));
    assertThat(doc.getString("email")).isEqualTo("ada@example.com");

    assertInvalidFields(patch(id, "{\"email\": null}"), "email");
    assertInvalidFields(patch(id, "{\"status\": \"hot\"}"), "status");
    assertInvalidFields(patch(id, "{\"crm_id\": \"x\"}"), "crm_id");
  }

  @Test
  void deleteErasesTheLeadFreesItsEmailAndQueuesTheCrmDelete() {
    String id =
        api.postJson("/api/leads", new JsonObject().put("email", "erase@example.com"))
            .bodyAsJsonObject()
            .getString("id");
    assertThat(api.send(HttpMethod.DELETE, "/api/leads/" + id).statusCode()).isEqualTo(204);
    assertProblem(api.get("/api/leads/" + id), 404);
    assertProblem(api.send(HttpMethod.DELETE, "/api/leads/" + id), 404);
    JsonObject task = api.get("/api/tasks/" + id + ".crm.delete").bodyAsJsonObject();
    assertThat(task.getString("type")).isEqualTo("crm_delete");
    assertThat(task.encode()).doesNotContain("erase@example.com");
    assertThat(
            api.postJson("/api/leads", new JsonObject().put("email", "erase@example.com"))
                .statusCode())
        .isEqualTo(201);
    assertThat(api.get("/api/leads").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  void aThousandLeadsPageWithoutDuplicatesOrGapsNewestFirst() {
    List<Future<HttpResponse<Buffer>>> creates = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      creates.add(
          api.asAdmin(HttpMethod.POST, "/api/leads")
              .putHeader("Content-Type", "application/json")
              .sendBuffer(
                  new JsonObject()
                      .put("email", "lead" + i + "@example.com")
                      .put("status", i % 3 == 0 ? "qualified" : "new")
                      .put("source", i % 2 == 0 ? "web_form" : "event")
                      .put("company", i % 10 == 0 ? "Acme " + i : "Other")
                      .toBuffer()));
    }
    await(Future.all(new ArrayList<>(creates)));
    Set<String> created = new HashSet<>();
    creates.forEach(c -> created.add(c.result().bodyAsJsonObject().getString("id")));
    assertThat(created).hasSize(1_000);

    List<JsonObject> all = pageAll("/api/leads?limit=37");
    Set<String> seen = new HashSet<>();
    all.forEach(lead -> assertThat(seen.add(lead.getString("id"))).isTrue());
    assertThat(seen).isEqualTo(created);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).getLong("created_at"))
          .isLessThanOrEqualTo(all.get(i - 1).getLong("created_at"));
    }

    assertThat(pageAll("/api/leads?status=qualified&limit=50"))
        .hasSize(334)
        .allMatch(lead -> lead.getString("status").equals("qualified"));
    assertThat(pageAll("/api/leads?source=event&status=qualified")).hasSize(167);
    assertThat(pageAll("/api/leads?q=acme")).hasSize(100);
    assertThat(pageAll("/api/leads?q=LEAD99")).hasSize(11);
    long middle = all.get(500).getLong("created_at");
    assertThat(pageAll("/api/leads?created_before=" + middle))
        .allMatch(l -> l.getLong("created_at") <= middle);
    assertThat(pageAll("/api/leads?created_after=" + middle))
        .allMatch(l -> l.getLong("created_at") >= middle);

    assertThat(pageAll("/api/leads?crm_sync_state=pending"))
        .as("no worker here: every lead's sync is pending")
        .hasSameSizeAs(all);
    assertThat(pageAll("/api/leads?crm_sync_state=failed")).isEmpty();

    assertInvalidFields(
        api.get(
            "/api/leads?status=hot&crm_sync_state=lost&source=tv&limit=0&created_after=soon&colour=red"),
        "status",
        "crm_sync_state",
        "source",
        "limit",
        "created_after",
        "colour");
  }

  private List<JsonObject> pageAll(String first) {
    List<JsonObject> items = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          api.get(
                  first
                      + (first.contains("?") ? "&" : "?")
                      + (cursor == null ? "" : "cursor=" + cursor))
              .bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> items.add((JsonObject) item));
      cursor = page.getString("next_cursor");
      assertThat(++pages).isLessThan(200);
    } while (cursor != null);
    return items;
  }

  private HttpResponse<Buffer> put(String id, JsonObject body, String ifMatch) {
    var request =
        api.asAdmin(HttpMethod.PUT, "/api/leads/" + id)
            .putHeader("Content-Type", "application/json");
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return await(request.sendBuffer(body.toBuffer()));
  }

  private HttpResponse<Buffer> patch(String id, String body) {
    return await(
        api.asAdmin(HttpMethod.PATCH, "/api/leads/" + id)
            .putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(Buffer.buffer(body)));
  }
}
