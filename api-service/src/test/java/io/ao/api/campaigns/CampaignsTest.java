package io.ao.api.campaigns;

import static io.ao.api.support.Problems.assertInvalidFields;
import static io.ao.api.support.Problems.assertProblem;
import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class CampaignsTest {

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    api = RunningApi.start(vertx, server.url(), Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void aHundredConcurrentIncrementsAddUpExactly() {
    String id = create("launch");
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      posts.add(
          api.asAdmin(HttpMethod.POST, "/api/campaigns/" + id + "/metrics")
              .putHeader("Content-Type", "application/json")
              .sendBuffer(
                  new JsonObject()
                      .put("sent", 10)
                      .put("delivered", 9)
                      .put("opened", i % 2)
                      .put("clicked", 1)
                      .toBuffer()));
    }
    await(Future.all(new ArrayList<>(posts)));
    assertThat(posts).allMatch(post -> post.result().statusCode() == 200);

    JsonObject metrics = api.get("/api/campaigns/" + id + "/metrics").bodyAsJsonObject();
    JsonObject totals = metrics.getJsonObject("totals");
    assertThat(totals.getLong("sent")).isEqualTo(1_000);
    assertThat(totals.getLong("delivered")).isEqualTo(900);
    assertThat(totals.getLong("opened")).isEqualTo(50);
    assertThat(totals.getLong("clicked")).isEqualTo(100);
    assertThat(totals.getLong("converted")).isZero();
    JsonObject rates = metrics.getJsonObject("rates");
    assertThat(rates.getDouble("delivery_rate")).isEqualTo(0.9);
    assertThat(rates.getDouble("open_rate")).isEqualTo(0.0556);
    assertThat(rates.getDouble("conversion_rate")).isEqualTo(0.0);
  }

  @Test
  void ratesAreNullBeforeAnythingWasDelivered() {
    JsonObject metrics =
        api.get("/api/campaigns/" + create("quiet") + "/metrics").bodyAsJsonObject();
    assertThat(metrics.getJsonObject("totals").getLong("sent")).isZero();
    assertThat(metrics.getJsonObject("rates").getValue("open_rate")).isNull();
  }

  @Test
  void badIncrementsAndUnknownCampaignsAreRefused() {
    String id = create("strict");
    assertInvalidFields(
        api.postJson(
            "/api/campaigns/" + id + "/metrics",
            new JsonObject()
                .put("sent", -1)
                .put("opened", "many")
                .put("likes", 3)
                .put("clicked", 1.5)),
        "sent",
        "opened",
        "likes",
        "clicked");
    assertInvalidFields(
        api.postJson("/api/campaigns/" + id + "/metrics", new JsonObject()), "body");
    assertProblem(
        api.postJson("/api/campaigns/no-such/metrics", new JsonObject().put("sent", 1)), 404);
    assertProblem(api.get("/api/campaigns/no-such/metrics"), 404);
    assertProblem(api.get("/api/campaigns/no-such"), 404);
    assertInvalidFields(
        api.postJson("/api/campaigns", new JsonObject().put("channel", "fax").put("x", 1)),
        "name",
        "channel",
        "x");
    assertThat(
            api.get("/api/campaigns/" + id + "/metrics")
                .bodyAsJsonObject()
                .getJsonObject("totals")
                .getLong("sent"))
        .as("a refused request adds nothing")
        .isZero();
  }

  @Test
  void campaignsAreListedNewestFirstAndPaged() {
    Set<String> made = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      made.add(create("paged-" + i));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    do {
      JsonObject page =
          api.get("/api/campaigns?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
              .bodyAsJsonObject();
      page.getJsonArray("items")
          .forEach(item -> assertThat(seen.add(((JsonObject) item).getString("id"))).isTrue());
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertThat(seen).containsAll(made);
    JsonObject one = api.get("/api/campaigns/" + made.iterator().next()).bodyAsJsonObject();
    assertThat(one.getString("status")).isEqualTo("draft");
  }

  @Test
  void aCampaignIsReadWithItsVersionAsETag() {
    HttpResponse<Buffer> created =
        api.postJson(
            "/api/campaigns", new JsonObject().put("name", "tagged").put("channel", "sms"));
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(created.bodyAsJsonObject().getLong("version")).isEqualTo(1);
    String id = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> read = api.get("/api/campaigns/" + id);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read.bodyAsJsonObject().getLong("version")).isEqualTo(1);
  }

  @Test
  void putReplacesTheClientFieldsKeepsServerFieldsAndHonoursIfMatch() {
    JsonObject campaign =
        api.postJson(
                "/api/campaigns",
                new JsonObject()
                    .put("name", "spring")
                    .put("channel", "email")
                    .put("status", "active")
                    .put("description", "the spring push"))
            .bodyAsJsonObject();
    String id = campaign.getString("id");

    HttpResponse<Buffer> replaced =
        put(id, new JsonObject().put("name", "spring 2").put("channel", "web"), "\"1\"");
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    assertThat(replaced.getHeader("ETag")).isEqualTo("\"2\"");
    JsonObject doc = replaced.bodyAsJsonObject();
    assertThat(doc.getString("id")).isEqualTo(id);
    assertThat(doc.getString("name")).isEqualTo("spring 2");
    assertThat(doc.getString("channel")).isEqualTo("web");
    assertThat(doc.getString("status")).as("left out, as on create").isEqualTo("draft");
    assertThat(doc.getValue("description")).as("a full replacement drops what it omits").isNull();
    assertThat(doc.getLong("version")).isEqualTo(2);
    assertThat(doc.getLong("created_at")).isEqualTo(campaign.getLong("created_at"));
    assertThat(doc.getLong("updated_at")).isGreaterThanOrEqualTo(campaign.getLong("updated_at"));
    assertThat(api.get("/api/campaigns/" + id).bodyAsJsonObject()).isEqualTo(doc);

    JsonObject stale = assertProblem(put(id, valid("late"), "\"1\""), 412);
    assertThat(stale.getString("detail")).contains("campaign").contains("\"2\"");
    assertThat(api.get("/api/campaigns/" + id).bodyAsJsonObject().getString("name"))
        .as("a refused PUT changes nothing")
        .isEqualTo("spring 2");
    JsonObject unquoted = assertProblem(put(id, valid("unquoted"), "2"), 412);
    assertThat(unquoted.getString("detail")).contains("double quotes").contains("got 2");
    assertThat(put(id, valid("weak tag"), "W/\"2\"").getHeader("ETag")).isEqualTo("\"3\"");
    HttpResponse<Buffer> unconditional = put(id, valid("no If-Match"), null);
    assertThat(unconditional.statusCode()).isEqualTo(200);
    assertThat(unconditional.getHeader("ETag")).isEqualTo("\"4\"");
  }

  @Test
  void putIsValidatedLikeCreateAndNamesEveryBadField() {
    String id = create("validated");
    assertInvalidFields(
        put(
            id,
            new JsonObject()
                .put("channel", "fax")
                .put("status", "running")
                .put("description", 7)
                .put("budget", 100),
            null),
        "name",
        "channel",
        "status",
        "description",
        "budget");
    JsonObject readOnly =
        assertProblem(
            put(id, valid("with server fields").put("id", id).put("version", 1), null), 422);
    assertThat(
            readOnly.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("id", "version");
    assertThat(readOnly.encode()).contains("is set by the server");
    assertInvalidFields(put(id, valid("").put("name", ""), null), "name");
    assertInvalidFields(put(id, valid("x".repeat(201)), null), "name");
    assertProblem(
        await(
            api.asAdmin(HttpMethod.PUT, "/api/campaigns/" + id)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"name\": "))),
        400);
    assertProblem(
        await(
            api.asAdmin(HttpMethod.PUT, "/api/campaigns/" + id)
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(valid("text").toBuffer())),
        415);
    assertProblem(put("no-such-campaign", valid("nobody"), null), 404);
    assertProblem(put("no-such-campaign", valid("nobody"), "\"1\""), 404);
    assertThat(api.get("/api/campaigns/" + id).bodyAsJsonObject().getLong("version"))
        .as("nothing refused was stored")
        .isEqualTo(1);
  }

  @Test
  void patchIsAJsonMergePatchAndPlainJsonIsAcceptedToo() {
    JsonObject campaign =
        api.postJson(
                "/api/campaigns",
                new JsonObject()
                    .put("name", "summer")
                    .put("channel", "email")
                    .put("status", "active")
                    .put("description", "hot"))
            .bodyAsJsonObject();
    String id = campaign.getString("id");

    HttpResponse<Buffer> patched =
        patch(
            id,
            "application/merge-patch+json",
            new JsonObject().put("status", "paused").putNull("description"),
            "\"1\"");
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");
    JsonObject doc = patched.bodyAsJsonObject();
    assertThat(doc.getString("name")).as("what the patch leaves out stays").isEqualTo("summer");
    assertThat(doc.getString("channel")).isEqualTo("email");
    assertThat(doc.getString("status")).isEqualTo("paused");
    assertThat(doc.getValue("description")).as("null removes").isNull();
    assertThat(doc.getLong("created_at")).isEqualTo(campaign.getLong("created_at"));

    HttpResponse<Buffer> plain =
        patch(id, "application/json", new JsonObject().put("name", "summer sale"), null);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.bodyAsJsonObject().getString("status")).isEqualTo("paused");
    assertThat(plain.getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(
            patch(id, "application/merge-patch+json", new JsonObject().putNull("status"), null)
                .bodyAsJsonObject()
                .getString("status"))
        .as("a removed status is draft, as on create")
        .isEqualTo("draft");

    assertInvalidFields(
        patch(
            id,
            "application/merge-patch+json",
            new JsonObject().putNull("name").put("channel", "fax").put("colour", "red"),
            null),
        "name",
        "channel",
        "colour");
    assertInvalidFields(
        patch(id, "application/merge-patch+json", new JsonObject().put("created_at", 1), null),
        "created_at");
    assertProblem(
        patch(id, "application/merge-patch+json", new JsonObject().put("name", "x"), "\"2\""), 412);
    assertProblem(
        patch(
            "no-such-campaign",
            "application/merge-patch+json",
            new JsonObject().put("name", "x"),
            null),
        404);
    assertThat(api.get("/api/campaigns/" + id).bodyAsJsonObject().getString("name"))
        .as("refused patches change nothing")
        .isEqualTo("summer sale");
  }

  @Test
  void ofTenConcurrentPatchesNamingTheSameVersionExactlyOneIsApplied() {
    String id = create("contested");
    List<Future<HttpResponse<Buffer>>> patches = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      patches.add(
          api.asAdmin(HttpMethod.PATCH, "/api/campaigns/" + id)
              .putHeader("Content-Type", "application/merge-patch+json")
              .putHeader("If-Match", "\"1\"")
              .sendBuffer(new JsonObject().put("name", "writer " + i).toBuffer()));
    }
    await(Future.join(new ArrayList<>(patches)));
    assertThat(patches.stream().map(p -> p.result().statusCode()))
        .containsOnly(200, 412)
        .filteredOn(status -> status == 200)
        .hasSize(1);
    assertThat(api.get("/api/campaigns/" + id).bodyAsJsonObject().getLong("version")).isEqualTo(2);
  }

  @Test
  void deleteTakesTheCountersWithItAndLeadsKeepTheirCampaignId() {
    String id = create("doomed");
    api.postJson("/api/campaigns/" + id + "/metrics", new JsonObject().put("sent", 5));
    String leadId =
        api.postJson(
                "/api/leads",
                new JsonObject()
                    .put("email", "doomed-" + id + "@example.com")
                    .put("campaign_id", id))
            .bodyAsJsonObject()
            .getString("id");
    assertThat(exists("ao:campaign:{" + id + "}:metrics")).isTrue();

    HttpResponse<Buffer> deleted = api.send(HttpMethod.DELETE, "/api/campaigns/" + id);
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);

    assertProblem(api.get("/api/campaigns/" + id), 404);
    assertProblem(api.get("/api/campaigns/" + id + "/metrics"), 404);
    assertProblem(
        api.postJson("/api/campaigns/" + id + "/metrics", new JsonObject().put("sent", 1)), 404);
    assertProblem(put(id, valid("revived"), null), 404);
    assertProblem(api.send(HttpMethod.DELETE, "/api/campaigns/" + id), 404);
    assertThat(exists("ao:campaign:{" + id + "}:metrics"))
        .as("the counters went with it")
        .isFalse();
    assertThat(exists("ao:campaign:{" + id + "}")).isFalse();
    assertThat(listedIds()).doesNotContain(id);

    assertThat(api.get("/api/leads/" + leadId).bodyAsJsonObject().getString("campaign_id"))
        .as("a lead keeps the id of a campaign that is gone")
        .isEqualTo(id);
    assertThat(
            api
                .get("/api/leads?campaign_id=" + id)
                .bodyAsJsonObject()
                .getJsonArray("items")
                .stream()
                .map(item -> ((JsonObject) item).getString("id")))
        .containsExactly(leadId);
  }

  @Test
  void deleteHonoursIfMatch() {
    String id = create("guarded");
    put(id, valid("guarded 2"), null);
    JsonObject stale =
        assertProblem(
            await(
                api.asAdmin(HttpMethod.DELETE, "/api/campaigns/" + id)
                    .putHeader("If-Match", "\"1\"")
                    .send()),
            412);
    assertThat(stale.getString("detail")).contains("\"2\"");
    assertThat(api.get("/api/campaigns/" + id).statusCode()).isEqualTo(200);
    assertThat(
            await(
                    api.asAdmin(HttpMethod.DELETE, "/api/campaigns/" + id)
                        .putHeader("If-Match", "\"2\"")
                        .send())
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void anAgentMayReadCampaignsButNotChangeOrDeleteThem() {
    String id = create("agents read");
    api.postJson(
        "/api/admin/users",
        new JsonObject()
            .put("username", "campaign-agent")
            .put("password", "campaign-agent-password")
            .put("role", "agent"));
    String agent = api.tokenFor("campaign-agent", "campaign-agent-password");
    assertThat(asUser(agent, HttpMethod.GET, id, null, null).statusCode()).isEqualTo(200);
    assertProblem(asUser(agent, HttpMethod.PUT, id, "application/json", valid("by agent")), 403);
    assertProblem(
        asUser(
            agent,
            HttpMethod.PATCH,
            id,
            "application/merge-patch+json",
            new JsonObject().put("name", "by agent")),
        403);
    assertProblem(asUser(agent, HttpMethod.DELETE, id, null, null), 403);
    assertThat(api.get("/api/campaigns/" + id).bodyAsJsonObject().getLong("version")).isEqualTo(1);
  }

  @Test
  void changesAndDeletesAreAudited() {
    String id = create("audited");
    put(id, valid("audited 2"), null);
    patch(id, "application/merge-patch+json", new JsonObject().put("status", "active"), null);
    api.send(HttpMethod.DELETE, "/api/campaigns/" + id);
    List<String> actions =
        api
            .get("/api/admin/audit?action=campaign.*&limit=500")
            .bodyAsJsonObject()
            .getJsonArray("items")
            .stream()
            .map(e -> (JsonObject) e)
            .filter(e -> id.equals(e.getString("target")))
            .map(e -> e.getString("action") + " " + e.getString("outcome"))
            .toList();
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "campaign.create success",
            "campaign.update success",
            "campaign.update success",
            "campaign.delete success");
  }

  @Test
  void aCampaignStoredBeforeVersionsIsAtVersionOne() {
    String id = "legacy-" + UUID.randomUUID();
    await(
        redis.send(
            Request.cmd(Command.SET)
                .arg("ao:campaign:{" + id + "}")
                .arg(
                    new JsonObject()
                        .put("id", id)
                        .put("name", "old")
                        .put("channel", "email")
                        .put("status", "draft")
                        .putNull("description")
                        .put("created_at", 1_700_000_000_000L)
                        .put("updated_at", 1_700_000_000_000L)
                        .encode())));
    HttpResponse<Buffer> read = api.get("/api/campaigns/" + id);
    assertThat(read.getHeader("ETag")).isEqualTo("\"1\"");
    HttpResponse<Buffer> replaced = put(id, valid("new"), "\"1\"");
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    assertThat(replaced.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(replaced.bodyAsJsonObject().getLong("created_at")).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void aListedIdWhoseCampaignIsGoneDoesNotEndTheListEarly() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(create("half-deleted-" + i));
    }
    // as a delete that stopped between its script and taking the id off the listing leaves it
    await(redis.send(Request.cmd(Command.DEL).arg("ao:campaign:{" + made.get(1) + "}")));
    Set<String> seen = new HashSet<>();
    String cursor = null;
    do {
      JsonObject page =
          api.get("/api/campaigns?limit=1" + (cursor == null ? "" : "&cursor=" + cursor))
              .bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertThat(seen).contains(made.get(0), made.get(2)).doesNotContain(made.get(1));
    assertThat(api.send(HttpMethod.DELETE, "/api/campaigns/" + made.get(1)).statusCode())
        .isEqualTo(404);
    assertThat(listedIds()).as("a repeated delete takes it off").doesNotContain(made.get(1));
  }

  private static JsonObject valid(String name) {
    return new JsonObject().put("name", name).put("channel", "email");
  }

  private static HttpResponse<Buffer> put(String id, JsonObject body, String ifMatch) {
    var request =
        api.asAdmin(HttpMethod.PUT, "/api/campaigns/" + id)
            .putHeader("Content-Type", "application/json");
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return await(request.sendBuffer(body.toBuffer()));
  }

  private static HttpResponse<Buffer> patch(
      String id, String contentType, JsonObject body, String ifMatch) {
    var request =
        api.asAdmin(HttpMethod.PATCH, "/api/campaigns/" + id)
            .putHeader("Content-Type", contentType);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return await(request.sendBuffer(body.toBuffer()));
  }

  private static HttpResponse<Buffer> asUser(
      String token, HttpMethod method, String id, String contentType, JsonObject body) {
    var request =
        api.request(method, "/api/campaigns/" + id).putHeader("Authorization", "Bearer " + token);
    if (body == null) {
      return await(request.send());
    }
    return await(request.putHeader("Content-Type", contentType).sendBuffer(body.toBuffer()));
  }

  private static boolean exists(String key) {
    return await(redis.send(Request.cmd(Command.EXISTS).arg(key))).toInteger() == 1;
  }

  private static List<String> listedIds() {
    List<String> ids = new ArrayList<>();
    await(redis.send(Request.cmd(Command.ZRANGE).arg("ao:campaigns").arg(0).arg(-1)))
        .forEach(id -> ids.add(id.toString()));
    return ids;
  }

  private static String create(String name) {
    HttpResponse<Buffer> created =
        api.postJson("/api/campaigns", new JsonObject().put("name", name).put("channel", "email"));
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }
}
