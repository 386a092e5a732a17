package io.ao.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.api.support.TestTokens;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API fuzzer (RELIABILITY.md "API fuzzer"): every operation of the served OpenAPI document gets
 * {@code fuzz.requests} generated and mutated requests (default 120; the full-size run in
 * RELIABILITY.md uses 2000), with and without credentials. Any 5xx, hang, broken problem+json or
 * answer the document does not declare fails the test, with the seed and request index to replay
 * it: {@code -Dfuzz.seed=S -Dfuzz.only=<operationId>}.
 */
@ExtendWith(RedisServerExtension.class)
class ApiFuzzTest {

  private static final long DEFAULT_SEED = 20_261_202L;
  private static final int DEFAULT_REQUESTS = 120;

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi api;
  private static FuzzClient client;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    // Failed logins are what the fuzzer sends most to /api/auth/login: a lockout would turn
    // the rest of that operation into 429s (LoginAttackTest covers the lockout itself). A
    // small audit cap keeps thousands of backups small. No worker runs here, so the tasks the
    // fuzzer enqueues pile up: the depth warning (which turns /health "degraded") is set above
    // what a full-size run enqueues, so "healthy" afterwards means what it should.
    api =
        RunningApi.start(
            vertx,
            server.url(),
            Map.of(
                "AO_AUTH_MAX_KEYS_PER_USER",
                "100000",
                "AO_RATE_LIMIT_LOGIN_FAILURES_PER_PAIR",
                "1000000",
                "AO_RATE_LIMIT_LOGIN_FAILURES_PER_USERNAME",
                "1000000",
                "AO_RATE_LIMIT_LOGIN_USERNAMES_PER_IP",
                "1000000",
                "AO_AUDIT_MAX_ENTRIES",
                "200",
                "AO_MONITORING_QUEUE_DEPTH_WARN",
                "10000000"));
    client = new FuzzClient(api.port());
  }

  @AfterAll
  static void stop() {
    api.close();
    RunningApi.await(vertx.close());
  }

  @Test
  void everyOperationAnswersMutatedRequestsAsDocumented() throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int perOperation = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
    String only = System.getProperty("fuzz.only", "");
    System.out.printf(
        "API fuzzer: seed %d, %d requests per operation%s%n",
        seed, perOperation, only.isEmpty() ? "" : ", only " + only);

    FuzzResponse served =
        client.send("GET", "/openapi.json", MultiMap.caseInsensitiveMultiMap(), null);
    assertThat(served.status()).isEqualTo(200);
    OpenApiDocument document = new OpenApiDocument(served.body().toJsonObject());

    String adminToken = api.tokenFor("admin", RunningApi.ADMIN_PASSWORD);
    createUser("fuzz-agent", "agent-password-0123", "agent");
    createUser("fuzz-login", "login-password-0123", "agent");
    String agentToken = api.tokenFor("fuzz-agent", "agent-password-0123");
    String adminKey =
        api.postJson("/api/auth/keys", new JsonObject().put("name", "fuzzer").put("role", "admin"))
            .bodyAsJsonObject()
            .getString("key");

    Fixtures fixtures = new Fixtures(client, redis, adminToken);
    RequestFactory requests =
        new RequestFactory(
            new SchemaValues(document), fixtures, "fuzz-login", "login-password-0123");
    ApiFuzzer fuzzer =
        new ApiFuzzer(
            document,
            client,
            requests,
            new DeclaredResponses(document),
            credentials(adminToken, adminKey, agentToken));

    long started = System.nanoTime();
    FuzzReport report =
        fuzzer.run(
            seed,
            perOperation,
            op -> only.isEmpty() || op.operationId().equals(only) || op.label().equals(only));
    String rendered = report.render();
    System.out.println(rendered);
    System.out.printf(
        "API fuzzer: %d requests in %.1f s%n",
        report.totalRequests(), (System.nanoTime() - started) / 1e9);
    report.write(Path.of("target", "fuzz", "api-fuzz-report.md"));
    if (only.isEmpty()) {
      assertThat(report.totalRequests()).isEqualTo(perOperation * document.operations().size());
    }

    assertThat(report.findings())
        .as("findings (replay with -Dfuzz.seed=%d -Dfuzz.only=<operationId>):%n%s", seed, rendered)
        .isEmpty();
    assertStillHealthy(adminToken);
  }

  /**
   * The fuzzed API's rate limit is set high so the run measures the operations, not the limiter;
   * 429 must still be an answer every operation declares (RateLimitTest causes it).
   */
  @Test
  void everyOperationDeclaresTheRateLimitAnswer() {
    FuzzResponse served =
        client.send("GET", "/openapi.json", MultiMap.caseInsensitiveMultiMap(), null);
    List<ApiOperation> operations = new OpenApiDocument(served.body().toJsonObject()).operations();
    assertThat(operations)
        .isNotEmpty()
        .allSatisfy(op -> assertThat(op.responses().fieldNames()).as(op.label()).contains("429"));
  }

  /**
   * After the run the process still answers: ready, healthy, and a plain authenticated read works.
   */
  private static void assertStillHealthy(String adminToken) {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertThat(client.send("GET", "/health/ready", none, null).status()).isEqualTo(200);
    FuzzResponse health = client.send("GET", "/health", none, null);
    assertThat(health.body().toJsonObject().getString("status")).isEqualTo("healthy");
    FuzzResponse me =
        client.send(
            "GET",
            "/api/auth/me",
            MultiMap.caseInsensitiveMultiMap().set("Authorization", "Bearer " + adminToken),
            null);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().toJsonObject().getString("username")).isEqualTo("admin");
  }

  private static Map<Credential, List<MultiMap>> credentials(
      String adminToken, String adminKey, String agentToken) {
    Map<Credential, List<MultiMap>> credentials = new EnumMap<>(Credential.class);
    credentials.put(Credential.ADMIN_JWT, List.of(bearer(adminToken)));
    credentials.put(
        Credential.ADMIN_API_KEY,
        List.of(MultiMap.caseInsensitiveMultiMap().set("X-API-Key", adminKey)));
    credentials.put(Credential.AGENT_JWT, List.of(bearer(agentToken)));
    credentials.put(Credential.NONE, List.of());
    credentials.put(
        Credential.FORGED,
        List.of(
            bearer("garbage"),
            bearer(
                TestTokens.signedWith(
                    "another-secret-that-is-long-enough-0123456789", "admin", "admin")),
            bearer(TestTokens.expired("admin", "admin")),
            bearer(TestTokens.unsigned("admin", "admin")),
            bearer(TestTokens.valid("nobody", "superuser")),
            bearer(adminToken.substring(0, adminToken.length() - 2) + "xx"),
            MultiMap.caseInsensitiveMultiMap()
                .set("X-API-Key", adminKey.substring(0, adminKey.length() - 2) + "xx"),
            MultiMap.caseInsensitiveMultiMap()
                .set("X-API-Key", "ao_0000000000_" + "A".repeat(43))));
    return credentials;
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().set("Authorization", "Bearer " + token);
  }

  private static void createUser(String username, String password, String role) {
    var response =
        api.postJson(
            "/api/admin/users",
            new JsonObject().put("username", username).put("password", password).put("role", role));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
  }
}
