package io.ao.api.leads;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * Issue 15, item 4: Redis at its maxmemory with noeviction (as the run command and the manifests
 * start it). Creates are answered 503 once it is full, and none of them is half-written: every lead
 * answered 201 is stored whole, with its email claim, its place in the list and its tasks, and
 * nothing else is.
 */
@ExtendWith(RedisServerExtension.class)
class RedisFullTest {

  private static final int MAX_ATTEMPTS = 3_000;
  private static final String NOTES = "n".repeat(2_000);

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
    await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0")));
    api.close();
    await(vertx.close());
  }

  @Test
  void aFullRedisRefusesWritesWith503AndKeepsEveryAcceptedLeadWhole() {
    long streamBefore = xlen();
    assertThat(create(0).statusCode()).isEqualTo(201);
    long tasksPerLead = xlen() - streamBefore;

    long used = usedMemory();
    config("maxmemory-policy", "noeviction");
    config("maxmemory", Long.toString(used + 3 * 1024 * 1024));

    List<String> created = new ArrayList<>(List.of(email(0)));
    int refused = 0;
    int other = 0;
    String detail = null;
    for (int i = 1; i < MAX_ATTEMPTS && refused < 20; i++) {
      HttpResponse<Buffer> response = create(i);
      if (response.statusCode() == 201) {
        created.add(email(i));
      } else if (response.statusCode() == 503) {
        refused++;
        detail = Problems.assertProblem(response, 503).getString("detail");
      } else {
        other++;
      }
    }
    System.out.printf(
        "Redis full at maxmemory %d bytes: %d leads created, %d refused with 503, %d other%n",
        used + 3 * 1024 * 1024, created.size(), refused, other);
    assertThat(refused).as("Redis filled up within %d creates", MAX_ATTEMPTS).isEqualTo(20);
    assertThat(other).isZero();
    assertThat(detail).contains("memory limit");

    // Nothing half-written: exactly the accepted leads, each with all its parts.
    assertThat(count("ao:{default}:lead:*")).isEqualTo(created.size());
    assertThat(count("ao:{default}:lead-email:*")).isEqualTo(created.size());
    assertThat(await(redis.send(Request.cmd(Command.ZCARD).arg("ao:{default}:leads"))).toLong())
        .isEqualTo(created.size());
    assertThat(xlen() - streamBefore).isEqualTo(created.size() * tasksPerLead);

    // Reads still work while full, and writes resume once there is room.
    assertThat(api.get("/api/leads?limit=5").statusCode()).isEqualTo(200);
    config("maxmemory", "0");
    assertThat(create(MAX_ATTEMPTS).statusCode()).isEqualTo(201);
  }

  private static String email(int i) {
    return "full-" + i + "@example.com";
  }

  private static HttpResponse<Buffer> create(int i) {
    return api.postJson("/api/leads", new JsonObject().put("email", email(i)).put("notes", NOTES));
  }

  private static long xlen() {
    return await(redis.send(Request.cmd(Command.XLEN).arg("ao:{default}:stream"))).toLong();
  }

  private static long usedMemory() {
    String info = await(redis.send(Request.cmd(Command.INFO).arg("memory"))).toString();
    for (String line : info.split("\r\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new AssertionError("no used_memory in INFO");
  }

  private static void config(String name, String value) {
    await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg(name).arg(value)));
  }

  private static long count(String pattern) {
    return await(redis.send(Request.cmd(Command.KEYS).arg(pattern))).size();
  }
}
