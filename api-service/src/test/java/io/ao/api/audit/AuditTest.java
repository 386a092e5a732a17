package io.ao.api.audit;

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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class AuditTest {

  private final LocalRedisServer server;
  private Vertx vertx;
  private RunningApi api;

  AuditTest(LocalRedisServer server) {
    this.server = server;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    await(redis.send(Request.cmd(Command.FLUSHALL)));
    api = RunningApi.start(vertx, server.url(), Map.of());
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void mutatingRequestsAndLoginsAreAuditedReadsAreNot() {
    String requestId = "audit-probe-1";
    await(
        api.asAdmin(HttpMethod.POST, "/api/tasks")
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Request-Id", requestId)
            .sendBuffer(new JsonObject().put("type", "noop").toBuffer()));
    api.get("/api/admin/queues");
    api.login("admin", "wrong-password-here");
    api.postJson(
        "/api/admin/users",
        new JsonObject()
            .put("username", "dave")
            .put("password", "dave-password-1")
            .put("role", "agent"));

    JsonArray entries = api.get("/api/admin/audit").bodyAsJsonObject().getJsonArray("items");
    List<String> actions = entries.stream().map(e -> ((JsonObject) e).getString("action")).toList();
    assertThat(actions)
        .contains("POST /api/tasks", "auth.login_failed", "auth.login", "admin.user_create");
    assertThat(actions).noneMatch(action -> action.startsWith("GET"));
    JsonObject task =
        entries.stream()
            .map(e -> (JsonObject) e)
            .filter(e -> e.getString("action").equals("POST /api/tasks"))
            .findFirst()
            .orElseThrow();
    assertThat(task.getString("actor")).isEqualTo("admin");
    assertThat(task.getString("role")).isEqualTo("admin");
    assertThat(task.getString("auth_method")).isEqualTo("jwt");
    assertThat(task.getString("outcome")).isEqualTo("success");
    assertThat(task.getInteger("status")).isEqualTo(202);
    assertThat(task.getString("request_id")).isEqualTo(requestId);
    assertThat(task.getString("client_ip")).isEqualTo("127.0.0.1");
    JsonObject failed =
        entries.stream()
            .map(e -> (JsonObject) e)
            .filter(e -> e.getString("action").equals("auth.login_failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.getString("actor")).isEqualTo("admin");
    assertThat(failed.getString("outcome")).isEqualTo("denied");
    assertThat(entries.encode())
        .doesNotContain("wrong-password-here")
        .doesNotContain("dave-password-1");
  }

  @Test
  void aFailedLoginOfANameThatIsNoUserDoesNotKeepWhatWasTyped() {
    // what a security test saw: a password typed into the username field stayed in the log
    String typed = "Sup3r-Secret-typed-as-name";
    assertThat(api.login(typed, "whatever-password").statusCode()).isEqualTo(401);
    api.login("admin", "wrong-password-here");

    // a name that is no user leaves no identity: its entry is on the anonymous stream
    JsonArray entries = api.get("/api/admin/audit").bodyAsJsonObject().getJsonArray("items");
    entries.addAll(
        api.get("/api/admin/audit?stream=anonymous").bodyAsJsonObject().getJsonArray("items"));
    assertThat(entries.encode()).doesNotContain(typed);
    List<String> actors =
        entries.stream()
            .map(e -> (JsonObject) e)
            .filter(e -> e.getString("action").equals("auth.login_failed"))
            .map(e -> e.getString("actor"))
            .toList();
    assertThat(actors).contains("(unknown user)", "admin");
  }

  @Test
  void filtersAndPagesWithoutGapsOrDuplicates() {
    for (int i = 0; i < 12; i++) {
      api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    }
    assertThat(api.get("/api/admin/audit?action=auth.*").bodyAsJsonObject().getJsonArray("items"))
        .allMatch(e -> ((JsonObject) e).getString("action").startsWith("auth."));
    assertThat(api.get("/api/admin/audit?actor=nobody").bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(
            api.get("/api/admin/audit?since=" + (System.currentTimeMillis() + 60_000))
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();

    Set<String> seen = new HashSet<>();
    String cursor = null;
    int total = 0;
    do {
      JsonObject page =
          api.get(
                  "/api/admin/audit?action=POST%20/api/tasks&limit=5"
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .bodyAsJsonObject();
      for (Object item : page.getJsonArray("items")) {
        assertThat(seen.add(((JsonObject) item).getString("id"))).isTrue();
        total++;
      }
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertThat(total).isEqualTo(12);

    Problems.assertInvalidFields(
        api.get("/api/admin/audit?since=yesterday&limit=0&cursor=../x"),
        "since",
        "limit",
        "cursor");
  }

  // Found by the API fuzzer: Redis refuses these ids in XREVRANGE, and the refusal was a 500.
  @Test
  void aCursorNoPageCouldHaveReturnedIs422() {
    Problems.assertInvalidFields(api.get("/api/admin/audit?cursor=0-0"), "cursor");
    Problems.assertInvalidFields(
        api.get("/api/admin/audit?cursor=99999999999999999999-0"), "cursor");
    Problems.assertInvalidFields(
        api.get("/api/admin/audit?cursor=1-18446744073709551616"), "cursor");
    assertThat(
            api.get("/api/admin/audit?cursor=18446744073709551615-18446744073709551615")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void theLogStaysCapped() {
    try (RunningApi capped =
        RunningApi.start(vertx, server.url(), Map.of("AO_AUDIT_MAX_ENTRIES", "10"))) {
      for (int i = 0; i < 300; i++) {
        capped.postJson("/api/tasks", new JsonObject().put("type", "noop"));
      }
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
      long length = await(redis.send(Request.cmd(Command.XLEN).arg("ao:audit"))).toLong();
      // MAXLEN ~ trims whole radix-tree nodes (100 entries), so "near 10" means under a few hundred
      assertThat(length).isLessThan(250);
    }
  }

  @Test
  void backupsRoundTripToTheSameEntriesAsTheApiAndCarryTheirSha256() throws IOException {
    for (int i = 0; i < 7; i++) {
      api.postJson("/api/tasks", new JsonObject().put("type", "noop"));
    }
    JsonArray viaApi =
        api.get("/api/admin/audit?limit=500").bodyAsJsonObject().getJsonArray("items");

    List<String> made = new ArrayList<>();
    for (boolean gzip : new boolean[] {true, false}) {
      HttpResponse<Buffer> created =
          api.send(HttpMethod.POST, "/api/admin/audit/backup?compress=" + gzip);
      assertThat(created.statusCode()).isEqualTo(201);
      JsonObject backup = created.bodyAsJsonObject();
      made.add(backup.getString("name"));
      assertThat(backup.getString("name")).endsWith(gzip ? ".jsonl.gz" : ".jsonl");
      assertThat(created.getHeader("Location"))
          .isEqualTo("/api/admin/audit/backups/" + backup.getString("name"));

      HttpResponse<Buffer> download =
          api.get("/api/admin/audit/backups/" + backup.getString("name"));
      assertThat(download.statusCode()).isEqualTo(200);
      byte[] bytes = download.bodyAsBuffer().getBytes();
      assertThat(bytes.length).isEqualTo(backup.getLong("size_bytes").intValue());
      assertThat(HexFormat.of().formatHex(sha256(bytes))).isEqualTo(backup.getString("sha256"));

      String text =
          new String(
              gzip ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes,
              StandardCharsets.UTF_8);
      List<JsonObject> lines = new ArrayList<>();
      text.lines().forEach(line -> lines.add(new JsonObject(line)));
      assertThat(backup.getInteger("entries")).isEqualTo(lines.size());
      // the backup holds every entry of the main stream up to its own making (and the security
      // and anonymous entries not on it), oldest first by the request's time; the API's page
      // (newest first by stream id) holds the same entries as the backup's first main lines.
      // Two event loops can write entries of the same moment with their stream ids the other
      // way round, so the two orders are compared as what they are.
      lines.removeIf(line -> !"main".equals(line.remove("stream")));
      for (int i = 1; i < lines.size(); i++) {
        assertThat(lines.get(i).getLong("time"))
            .as("oldest first")
            .isGreaterThanOrEqualTo(lines.get(i - 1).getLong("time"));
      }
      List<JsonObject> oldestFirst = new ArrayList<>();
      viaApi.forEach(e -> oldestFirst.add(0, (JsonObject) e));
      assertThat(lines.subList(0, oldestFirst.size()))
          .containsExactlyInAnyOrderElementsOf(oldestFirst);
    }
    JsonArray listed = api.get("/api/admin/audit/backups").bodyAsJsonObject().getJsonArray("items");
    assertThat(listed.stream().map(b -> ((JsonObject) b).getString("name"))).containsAll(made);
  }

  @Test
  void backupNamesThatCouldLeaveTheDirectoryAreRefused() throws IOException {
    Path outside =
        Path.of(RunningApi.BACKUP_DIR)
            .getParent()
            .resolve("secret-" + System.nanoTime() + ".jsonl");
    Files.writeString(outside, "do not serve me");
    try {
      for (String name :
          new String[] {
            "..%2F" + outside.getFileName(),
            "%2Fetc%2Fpasswd",
            "..%5C..%5Cx",
            "x%00.jsonl",
            "audit-..%2F..%2Fx.jsonl.gz",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "audit-20260101T000000Z-0000000.jsonl"
          }) {
        HttpResponse<Buffer> response = api.get("/api/admin/audit/backups/" + name);
        assertThat(response.statusCode()).as(name).isIn(400, 404);
        assertThat(response.bodyAsString()).doesNotContain("do not serve me");
      }
      Problems.assertProblem(
          api.get("/api/admin/audit/backups/audit-20260101T000000Z-00000000.jsonl"), 404);
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
