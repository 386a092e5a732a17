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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class CampaignsTest {

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
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

  private static String create(String name) {
    HttpResponse<Buffer> created =
        api.postJson("/api/campaigns", new JsonObject().put("name", name).put("channel", "email"));
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }
}
