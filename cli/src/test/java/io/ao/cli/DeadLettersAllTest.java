package io.ao.cli;

import static io.ao.cli.AoCommandsTest.assertOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ao.api.support.DeadTasks;
import io.ao.api.support.RunningApi;
import io.ao.cli.support.AoRunner;
import io.ao.cli.support.AoRunner.Result;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ao dead retry|discard --all} with the filters, through the bulk endpoints: the question on
 * a terminal, the refusal without one, and the server's 422 for a bad filter.
 */
@ExtendWith(RedisServerExtension.class)
class DeadLettersAllTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Vertx vertx;
  private RunningApi api;
  private Redis redis;
  private AoRunner ao;
  @TempDir Path configHome;

  @BeforeEach
  void start(LocalRedisServer server) {
    server.flushAll();
    vertx = Vertx.vertx();
    api = RunningApi.start(vertx, server, Map.of());
    redis = SharedConnectionRedis.create(vertx, RedisClientOptions.standalone(server.url()));
    String key =
        api.postJson("/api/auth/keys", new JsonObject().put("name", "cli").put("role", "operator"))
            .bodyAsJsonObject()
            .getString("key");
    ao =
        new AoRunner(configHome)
            .env("AO_URL", "http://127.0.0.1:" + api.port())
            .env("AO_API_KEY", key);
  }

  @AfterEach
  void stop() {
    api.close();
    RunningApi.await(vertx.close());
  }

  @Test
  void allWithoutYesIsRefusedWhenStdinIsNotATerminalAndNothingChanges() throws IOException {
    String dead = DeadTasks.create(redis, "default", "timeout");
    Result refused = ao.notAtTerminal().run("dead", "retry", "--all");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertOneLine(refused, "ao: --all changes every matching dead letter: add --yes");
    Result discard = ao.run("dead", "discard", "--all", "--type", "noop");
    assertThat(discard.exitCode()).isEqualTo(2);
    assertThat(deadIds()).containsExactly(dead);
  }

  @Test
  void atATerminalItAsksAndANoChangesNothingAndAYesRetries() throws IOException {
    String dead = DeadTasks.create(redis, "default", "timeout");
    Result no = ao.atTerminal("n").run("dead", "retry", "--all", "--error-contains", "time");
    assertThat(no.exitCode()).isZero();
    assertThat(no.out()).isEqualTo("Nothing done" + System.lineSeparator());
    assertThat(deadIds()).containsExactly(dead);

    Result yes = ao.atTerminal("y").run("dead", "retry", "--all", "--error-contains", "time");
    assertThat(yes.exitCode()).as(yes.err()).isZero();
    assertThat(yes.out()).contains("Retried 1 of 1 matching dead letters");
    assertThat(deadIds()).isEmpty();
  }

  @Test
  void theFiltersSelectByErrorTextInAnyCaseAndByType() throws IOException {
    String timeout1 = DeadTasks.create(redis, "default", "CRM call: Timeout after 2000 ms");
    String timeout2 = DeadTasks.create(redis, "default", "timeout after 2000 ms");
    String refused = DeadTasks.create(redis, "default", "the CRM refused the lead: 400");

    Result otherType = ao.run("dead", "discard", "--all", "--type", "crm_sync", "--yes", "--json");
    assertThat(otherType.exitCode()).isZero();
    assertThat(JSON.readTree(otherType.out()).get("matched").asInt()).isZero();

    Result discarded =
        ao.run(
            "dead", "discard", "--all", "--type", "noop", "--error-contains", "TIMEOUT", "--yes");
    assertThat(discarded.exitCode()).as(discarded.err()).isZero();
    assertThat(discarded.out()).contains("Discarded 2 of 2 matching dead letters");
    assertThat(deadIds()).containsExactly(refused).doesNotContain(timeout1, timeout2);

    Result retried = ao.run("dead", "retry", "--all", "--yes", "--json");
    JsonNode counts = JSON.readTree(retried.out());
    assertThat(counts.get("matched").asInt()).isEqualTo(1);
    assertThat(counts.get("retried").asInt()).isEqualTo(1);
    assertThat(deadIds()).isEmpty();
  }

  @Test
  void aBadFilterIsThe422NamingTheField() {
    Result empty = ao.run("dead", "retry", "--all", "--yes", "--type", "");
    assertThat(empty.exitCode()).isEqualTo(1);
    assertOneLine(empty, "ao: 422 ");
    assertThat(empty.err()).contains("type: ");

    Result tooLong =
        ao.run("dead", "discard", "--all", "--yes", "--error-contains", "x".repeat(201));
    assertThat(tooLong.exitCode()).isEqualTo(1);
    assertOneLine(tooLong, "ao: 422 ");
    assertThat(tooLong.err()).contains("error_contains: ");

    Result unknownQueue = ao.run("dead", "retry", "--all", "--yes", "--queue", "nope");
    assertThat(unknownQueue.exitCode()).isEqualTo(1);
    assertThat(unknownQueue.err()).contains("queue");
  }

  private List<String> deadIds() throws IOException {
    Result list = ao.run("dead", "list", "--json", "--limit", "500");
    assertThat(list.exitCode()).as(list.err()).isZero();
    return JSON.readTree(list.out()).get("items").findValuesAsText("task_id");
  }
}
