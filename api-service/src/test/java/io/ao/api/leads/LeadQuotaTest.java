package io.ao.api.leads;

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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, item 4: one agent stored 10,000 leads of 32 KB. The leads a user creates have a quota
 * of bytes, spent by creates and by updates that grow a lead, and given back by deletes.
 */
@ExtendWith(RedisServerExtension.class)
class LeadQuotaTest {

  private static final long QUOTA = 40_000;
  private static final String NOTES = "q".repeat(2_000);

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    api =
        RunningApi.start(
            vertx, server.url(), Map.of("AO_LEADS_QUOTA_BYTES_PER_USER", Long.toString(QUOTA)));
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void aUsersLeadsStopAtTheQuotaAndDeletesGiveRoomBack() {
    String agent = api.tokenOfNewUser("filler", "agent");
    List<String> ids = new ArrayList<>();
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i < 100 && refused == null; i++) {
      HttpResponse<Buffer> response = create(agent, "filler-" + i + "@example.com", NOTES);
      if (response.statusCode() == 201) {
        ids.add(response.bodyAsJsonObject().getString("id"));
      } else {
        refused = response;
      }
    }
    assertThat(refused).as("the quota stopped the filler within 100 leads").isNotNull();
    assertThat(Problems.assertProblem(refused, 403).getString("detail"))
        .contains("leads.quota_bytes_per_user");
    long used = usage("filler");
    System.out.printf(
        "quota %d bytes: %d leads of ~2 KB accepted (%d bytes used), the next refused 403%n",
        QUOTA, ids.size(), used);
    assertThat(used).isLessThanOrEqualTo(QUOTA).isGreaterThan(QUOTA - 2_500);
    assertThat(count("ao:{default}:lead:*")).isEqualTo(ids.size());

    // Another user has a quota of their own.
    String other = api.tokenOfNewUser("other-agent", "agent");
    assertThat(create(other, "other@example.com", NOTES).statusCode()).isEqualTo(201);

    // An update that grows a lead spends the creator's quota too.
    String last = ids.get(ids.size() - 1);
    HttpResponse<Buffer> grown =
        await(
            api.request(HttpMethod.PATCH, "/api/leads/" + last)
                .putHeader("Authorization", "Bearer " + agent)
                .putHeader("Content-Type", "application/merge-patch+json")
                .sendBuffer(
                    new JsonObject()
                        .put(
                            "custom_fields",
                            new JsonObject()
                                .put("extra_1", "x".repeat(500))
                                .put("extra_2", "y".repeat(500))
                                .put("extra_3", "z".repeat(500)))
                        .toBuffer()));
    Problems.assertProblem(grown, 403);

    // Deleting (an operator's right) gives the creator's bytes back.
    assertThat(api.send(HttpMethod.DELETE, "/api/leads/" + ids.get(0)).statusCode()).isEqualTo(204);
    assertThat(usage("filler")).isLessThan(used);
    assertThat(create(agent, "filler-again@example.com", NOTES).statusCode()).isEqualTo(201);
  }

  private static HttpResponse<Buffer> create(String token, String email, String notes) {
    return await(
        api.request(HttpMethod.POST, "/api/leads")
            .putHeader("Authorization", "Bearer " + token)
            .sendJsonObject(new JsonObject().put("email", email).put("notes", notes)));
  }

  private static long usage(String user) {
    return await(redis.send(Request.cmd(Command.HGET).arg("ao:{default}:lead-usage").arg(user)))
        .toLong();
  }

  private static long count(String pattern) {
    return await(redis.send(Request.cmd(Command.KEYS).arg(pattern))).size();
  }
}
