package io.ao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ao.api.support.DeadTasks;
import io.ao.api.support.RunningApi;
import io.ao.cli.support.AoRunner;
import io.ao.cli.support.AoRunner.Result;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command of {@code ao} against the real API on a real Redis, with an API key from {@code
 * AO_API_KEY}: the tables, {@code --json}, and the exit code and one stderr line of each failure.
 */
@ExtendWith(RedisServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AoCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Vertx vertx;
  private RunningApi api;
  private Redis redis;
  private String apiKey;
  @TempDir Path configHome;
  @TempDir Path files;

  @BeforeAll
  void startApi(LocalRedisServer server) {
    vertx = Vertx.vertx();
    api = RunningApi.start(vertx, server, Map.of());
    redis = SharedConnectionRedis.create(vertx, RedisClientOptions.standalone(server.url()));
    JsonObject key =
        api.postJson("/api/auth/keys", new JsonObject().put("name", "cli").put("role", "admin"))
            .bodyAsJsonObject();
    apiKey = key.getString("key");
  }

  @AfterAll
  void stopApi() {
    api.close();
    RunningApi.await(vertx.close());
  }

  private AoRunner ao;

  @BeforeEach
  void runner() {
    ao =
        new AoRunner(configHome)
            .env("AO_URL", "http://127.0.0.1:" + api.port())
            .env("AO_API_KEY", apiKey);
  }

  @Test
  void queuesShowsEachQueueAsATableAndAsJson() throws IOException {
    Result table = ao.run("queues");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .startsWith("QUEUE")
        .contains("DEPTH", "PENDING", "DELAYED", "DEAD");
    assertThat(table.out()).contains("default");

    Result json = ao.run("queues", "--json");
    assertThat(json.exitCode()).isZero();
    JsonNode items = JSON.readTree(json.out()).get("items");
    assertThat(items.findValuesAsText("queue")).contains("default");
    // the option is global: before the command too
    assertThat(JSON.readTree(ao.run("--json", "queues").out()).has("items")).isTrue();
  }

  @Test
  void aTaskIsReadByIdAndAMissingOneIsA404OnOneLine() throws IOException {
    JsonObject lead = createLead("task-" + UUID.randomUUID() + "@example.com", "web");
    String taskId = lead.getJsonObject("tasks").getString("lead_process");

    Result got = ao.run("tasks", "get", taskId, "--json");
    assertThat(got.exitCode()).isZero();
    JsonNode task = JSON.readTree(got.out());
    assertThat(task.get("id").asText()).isEqualTo(taskId);
    assertThat(task.get("type").asText()).isEqualTo("lead_process");
    Result human = ao.run("tasks", "get", taskId);
    assertThat(human.out()).contains("type:").contains("lead_process").contains("state:");

    Result missing = ao.run("tasks", "get", "no-such-task");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertOneLine(missing, "ao: 404 ");
    assertThat(missing.err()).contains("no-such-task");
  }

  @Test
  void deadLettersAreListedRetriedAndDiscardedOneAtATime() throws IOException {
    String retried = DeadTasks.create(redis, "default", "CRM answered 503 after 2000 ms");
    String discarded = DeadTasks.create(redis, "default", "the CRM refused the lead");

    Result list = ao.run("dead", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).startsWith("TASK_ID").contains(retried, discarded, "CRM answered 503");
    JsonNode page = JSON.readTree(ao.run("dead", "list", "--json", "--limit", "500").out());
    assertThat(page.get("items").findValuesAsText("task_id")).contains(retried, discarded);

    Result retry = ao.run("dead", "retry", retried);
    assertThat(retry.exitCode()).isZero();
    assertThat(retry.out()).contains("Re-driven " + retried + ": queued");
    JsonNode task = JSON.readTree(ao.run("tasks", "get", retried, "--json").out());
    assertThat(task.get("state").asText()).isEqualTo("queued");

    Result discard = ao.run("dead", "discard", discarded, "--json");
    assertThat(discard.exitCode()).isZero();
    assertThat(JSON.readTree(discard.out()).get("discarded").asBoolean()).isTrue();

    JsonNode after = JSON.readTree(ao.run("dead", "list", "--json", "--limit", "500").out());
    assertThat(after.get("items").findValuesAsText("task_id")).doesNotContain(retried, discarded);

    Result again = ao.run("dead", "discard", discarded);
    assertThat(again.exitCode()).isEqualTo(1);
    assertOneLine(again, "ao: 404 ");
    assertThat(again.err()).contains("not on the dead-letter list");
  }

  @Test
  void retryNeedsAnIdOrAllAndFiltersOnlyGoWithAll() {
    Result neither = ao.run("dead", "retry");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertOneLine(neither, "ao: give a task ID or --all");

    Result both = ao.run("dead", "retry", "some-id", "--all");
    assertThat(both.exitCode()).isEqualTo(2);

    Result filterWithoutAll = ao.run("dead", "discard", "some-id", "--type", "crm_sync");
    assertThat(filterWithoutAll.exitCode()).isEqualTo(2);
    assertOneLine(filterWithoutAll, "ao: --type and --error-contains select for --all");

    Result unknownOption = ao.run("dead", "list", "--bogus");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertOneLine(unknownOption, "ao: Unknown option: '--bogus'");

    Result group = ao.run("dead");
    assertThat(group.exitCode()).isEqualTo(2);
    assertOneLine(group, "ao: 'ao dead' needs one of: list, retry, discard");
  }

  @Test
  void aYamlDefinitionIsCreatedThenVersionedAndItsTriggerStartsRunsThatAreListedAndCancelled()
      throws IOException {
    String name = "cli_pause_" + Long.toHexString(System.nanoTime());
    Path yaml = files.resolve("pause.yaml");
    // `on:` is a boolean key in YAML 1.1: the file must reach the API as "on", not "true"
    Files.writeString(
        yaml,
        "name: "
            + name
            + "\n"
            + "description: waits a day, then ends\n"
            + "trigger:\n"
            + "  on: lead.created\n"
            + "  if: \"lead.company == '"
            + name
            + "'\"\n"
            + "steps:\n"
            + "  - name: pause\n"
            + "    wait: P1D\n"
            + "  - name: done\n"
            + "    end: true\n");

    Result created = ao.run("definitions", "apply", "-f", yaml.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("Created " + name + ": version 1 (2 steps)");

    Result updated = ao.run("definitions", "apply", "--file", yaml.toString(), "--json");
    assertThat(updated.exitCode()).isZero();
    JsonNode stored = JSON.readTree(updated.out());
    assertThat(stored.get("version").asInt()).isEqualTo(2);
    assertThat(stored.get("trigger").get("on").asText()).isEqualTo("lead.created");

    assertThat(ao.run("definitions", "list").out()).contains(name).startsWith("NAME");
    Result first = ao.run("definitions", "get", name, "--version", "1", "--json");
    assertThat(JSON.readTree(first.out()).get("version").asInt()).isEqualTo(1);
    assertThat(ao.run("definitions", "get", name).out()).contains("pause").contains("P1D");

    String leadId = createLead("run-" + UUID.randomUUID() + "@example.com", name).getString("id");
    Result runs = ao.run("runs", "list", "--lead", leadId, "--json");
    assertThat(runs.exitCode()).isZero();
    JsonNode run = JSON.readTree(runs.out()).get("items").get(0);
    assertThat(run.get("workflow").asText()).isEqualTo(name);
    String runId = run.get("workflow_id").asText();
    assertThat(ao.run("runs", "list", "--workflow", name).out())
        .contains(runId)
        .contains("waiting");

    Result get = ao.run("runs", "get", runId);
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).contains("STEP").contains("pause").contains("wait");

    Result cancel = ao.run("runs", "cancel", runId);
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("Run " + runId + ": cancelled");
    JsonNode cancelled = JSON.readTree(ao.run("runs", "get", runId, "--json").out());
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void aDefinitionTheServerRefusesIsA422NamingTheFieldOnOneLine() throws IOException {
    Path json = files.resolve("broken.json");
    Files.writeString(
        json,
        "{\"name\": \"cli_broken\", \"steps\": [{\"name\": \"check\", \"if\": \"lead.nope(\","
            + " \"then\": \"pause\", \"else\": \"pause\"}, {\"name\": \"pause\", \"wait\": \"P999D\"}]}");
    Result refused = ao.run("definitions", "apply", "-f", json.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertOneLine(refused, "ao: 422 ");
    // both fields named, each once
    assertThat(refused.err().split("steps\\[0\\]\\.if", -1)).hasSize(2);
    assertThat(refused.err().split("steps\\[1\\]\\.wait", -1)).hasSize(2);

    Path notJson = files.resolve("half.json");
    Files.writeString(notJson, "{\"name\": ");
    Result unreadable = ao.run("definitions", "apply", "-f", notJson.toString());
    assertThat(unreadable.exitCode()).isEqualTo(2);
    assertOneLine(unreadable, "ao: " + notJson + ": not JSON");

    Result missing = ao.run("definitions", "apply", "-f", files.resolve("none.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertOneLine(missing, "ao: " + files.resolve("none.yaml") + ": no such file");

    Path badYaml = files.resolve("bad.yaml");
    Files.writeString(badYaml, "name: x\nsteps: [\n  - a: b\n");
    Result yamlError = ao.run("definitions", "apply", "-f", badYaml.toString());
    assertThat(yamlError.exitCode()).isEqualTo(2);
    assertOneLine(yamlError, "ao: " + badYaml + ":");
    assertThat(yamlError.err()).contains("not YAML");
  }

  @Test
  void leadsAreListedAndReadAndAnInvalidFilterIsA422NamingIt() throws IOException {
    String email = "lead-" + UUID.randomUUID() + "@example.com";
    String leadId = createLead(email, "cli").getString("id");

    Result got = ao.run("leads", "get", leadId);
    assertThat(got.exitCode()).isZero();
    assertThat(got.out()).contains(email);
    assertThat(JSON.readTree(ao.run("leads", "get", leadId, "--json").out()).get("id").asText())
        .isEqualTo(leadId);

    Result list = ao.run("leads", "list", "--source", "web_form", "-q", email, "--limit", "500");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).startsWith("ID").contains(leadId, email);

    Result badStatus = ao.run("runs", "list", "--status", "bogus");
    assertThat(badStatus.exitCode()).isEqualTo(1);
    assertOneLine(badStatus, "ao: 422 ");
    assertThat(badStatus.err()).contains("status: expected one of");
  }

  @Test
  void aServerThatIsNotThereIsExit3AndAWrongKeyExit4() {
    Result down = ao.run("queues", "--url", "http://127.0.0.1:" + FreePort.find());
    assertThat(down.exitCode()).isEqualTo(3);
    assertOneLine(down, "ao: cannot reach http://127.0.0.1:");

    Result wrongKey = ao.env("AO_API_KEY", "ao_not-a-key").run("queues");
    assertThat(wrongKey.exitCode()).isEqualTo(4);
    assertOneLine(wrongKey, "ao: 401 ");
    assertThat(wrongKey.err()).contains("ao login");

    Result noCredentials = ao.env("AO_API_KEY", null).run("queues");
    assertThat(noCredentials.exitCode()).isEqualTo(4);
    assertOneLine(noCredentials, "ao: not logged in");

    Result badUrl = ao.run("queues", "--url", "ftp://example.com");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertOneLine(badUrl, "ao: --url: expected an http(s) URL");
  }

  @Test
  void helpListsTheExitCodes() {
    Result help = ao.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Exit codes:")
        .contains("0  done")
        .contains("1  the server refused")
        .contains("2  usage")
        .contains("3  cannot reach the server")
        .contains("4  not authenticated");
    assertThat(ao.run("dead", "retry", "--help").out()).contains("--error-contains", "Exit codes:");
  }

  private JsonObject createLead(String email, String company) {
    var created =
        api.postJson(
            "/api/leads",
            new JsonObject().put("email", email).put("source", "web_form").put("company", company));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  /** An error is exactly one line on stderr, with no stack trace. */
  static void assertOneLine(Result result, String prefix) {
    assertThat(result.errLines()).as(result.err()).hasSize(1);
    assertThat(result.err()).startsWith(prefix).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
