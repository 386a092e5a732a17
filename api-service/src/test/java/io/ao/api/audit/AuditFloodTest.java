package io.ao.api.audit;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, item 2: 25 s of unauthenticated POST /api/leads used to push every real entry out of
 * the capped audit stream. Now unauthenticated failures have their own capped, counted stream and a
 * per-address budget before authentication, and security entries are kept until backed up. The API
 * trusts 127.0.0.1 as a proxy, so the attacker's address is the X-Forwarded-For it sends.
 */
@ExtendWith(RedisServerExtension.class)
class AuditFloodTest {

  private static final String ATTACKER = "203.0.113.7";
  private static final int FLOOD = 20_000;
  private static final int IN_FLIGHT = 64;
  private static final long FLOOD_DEADLINE_MS = 120_000;

  private Vertx vertx;
  private LocalRedisServer redis;

  @BeforeEach
  void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = server;
    server.flushAll();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private RunningApi api(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("AO_HTTP_TRUSTED_PROXIES", "[\"127.0.0.1\"]");
    return RunningApi.start(vertx, redis.url(), all);
  }

  @Test
  void anAnonymousFloodLeavesEveryEntryWithAnIdentityInTheLog() throws Exception {
    try (RunningApi api =
        api(
            Map.of(
                "AO_AUDIT_MAX_ENTRIES", "500",
                "AO_AUDIT_ANONYMOUS_MAX_ENTRIES", "1000",
                "AO_RATE_LIMIT_ANONYMOUS_FAILURES_PER_IP_PER_MINUTE", "300"))) {
      String agent = api.tokenOfNewUser("flood-agent", "agent");
      for (int i = 0; i < 30; i++) {
        createCampaign(api, "before-" + i);
      }
      for (int i = 0; i < 20; i++) {
        createLead(api, agent, "agent-" + i + "@example.com");
      }

      Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
      Future<Void> flood = flood(api, statuses);
      // the admin keeps working during the flood, from its own address
      for (int i = 0; i < 30; i++) {
        createCampaign(api, "during-" + i);
      }
      await(flood);

      long answered = statuses.values().stream().mapToLong(LongAdder::sum).sum();
      long unauthorized = count(statuses, 401);
      long refused = count(statuses, 429);
      System.out.printf(
          "audit flood: %d anonymous requests answered: %d x 401, %d x 429, statuses %s%n",
          answered, unauthorized, refused, new TreeMap<>(statuses));
      assertThat(answered).isEqualTo(FLOOD);
      assertThat(unauthorized + refused).isEqualTo(FLOOD);

      JsonObject page = auditPage(api, "?actor=admin&limit=200");
      JsonArray adminEntries = page.getJsonArray("items");
      assertThat(adminEntries.stream().map(e -> ((JsonObject) e).getString("action")))
          .filteredOn("campaign.create"::equals)
          .hasSize(60);
      assertThat(
              auditPage(api, "?actor=flood-agent&limit=200").getJsonArray("items").stream()
                  .map(e -> ((JsonObject) e).getString("action")))
          .filteredOn("POST /api/leads"::equals)
          .hasSize(20);

      // never silently lossy: every anonymous failure is an entry or a counted refusal
      JsonObject counts = awaitCounts(api, FLOOD);
      System.out.printf(
          "audit counts after the flood: %s; the admin's 60 campaign entries all on the main stream%n",
          counts.encode());
      long writeFailures = anonymousWriteFailures(api);
      System.out.printf("anonymous entries Redis did not take (counted): %d%n", writeFailures);
      assertThat(
              counts.getLong("anonymous_recorded")
                  + counts.getLong("anonymous_refused_unrecorded")
                  + writeFailures)
          .isEqualTo(unauthorized + refused);
      JsonObject anonymous = auditPage(api, "?stream=anonymous&limit=1");
      assertThat(anonymous.getJsonArray("items").getJsonObject(0).getString("client_ip"))
          .isEqualTo(ATTACKER);
      long held = streamLength(api, "anonymous");
      System.out.printf("anonymous stream holds %d entries (cap ~1000)%n", held);
      assertThat(held).isBetween(1L, 1_200L);
    }
  }

  @Test
  void anAddressOverItsBudgetIsRefusedBeforeAuthenticationWhateverCredentialsItSends() {
    try (RunningApi api = api(Map.of("AO_RATE_LIMIT_ANONYMOUS_FAILURES_PER_IP_PER_MINUTE", "20"))) {
      String admin = adminToken(api);
      // 20 failures are the budget; the 21st spends past it, and the address is blocked as soon
      // as that count comes back from Redis (a request or two may pass meanwhile)
      int firstRefused = 0;
      for (int i = 1; i <= 40 && firstRefused == 0; i++) {
        int status = from(api, "198.51.100.1", null).statusCode();
        assertThat(status).isIn(401, 429);
        firstRefused = status == 429 ? i : 0;
      }
      System.out.printf("anonymous budget 20: first 429 at request %d%n", firstRefused);
      assertThat(firstRefused).isBetween(22, 24);
      for (String authorization : List.of("", "Bearer junk", "ApiKey", "Bearer " + admin)) {
        HttpResponse<Buffer> refused =
            from(api, "198.51.100.1", authorization.isEmpty() ? null : authorization);
        assertThat(refused.statusCode()).as(authorization).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotBlank();
        assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      }
      HttpResponse<Buffer> junkKey =
          await(
              api.request(HttpMethod.GET, "/api/leads")
                  .putHeader("X-Forwarded-For", "198.51.100.1")
                  .putHeader("X-API-Key", "ak_junk")
                  .send());
      assertThat(junkKey.statusCode()).isEqualTo(429);
      // another address is not affected
      assertThat(from(api, "198.51.100.2", null).statusCode()).isEqualTo(401);
      assertThat(from(api, "198.51.100.2", "Bearer " + admin).statusCode()).isEqualTo(200);
      // nor is /health, which is not under /api
      assertThat(
              await(
                      api.request(HttpMethod.GET, "/health")
                          .putHeader("X-Forwarded-For", "198.51.100.1")
                          .send())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void securityEntriesOutliveAnInsidersFloodUntilBackedUpAndEveryDropIsCounted() {
    try (RunningApi api =
        api(Map.of("AO_AUDIT_MAX_ENTRIES", "50", "AO_AUDIT_SECURITY_MAX_ENTRIES", "120"))) {
      String agent = api.tokenOfNewUser("insider", "agent");
      for (int i = 0; i < 40; i++) {
        createCampaign(api, "kept-" + i);
      }
      // the insider floods the main stream with ordinary entries
      for (int i = 0; i < 300; i++) {
        createLead(api, agent, "insider-" + i + "@example.com");
      }
      assertThat(
              auditPage(api, "?actor=admin&action=campaign.create&limit=200").getJsonArray("items"))
          .as("the main stream is capped near 50")
          .hasSizeLessThan(40);
      JsonArray kept =
          auditPage(api, "?stream=security&action=campaign.create&limit=200").getJsonArray("items");
      assertThat(kept).hasSize(40);

      HttpResponse<Buffer> backup = api.send(HttpMethod.POST, "/api/admin/audit/backup");
      assertThat(backup.statusCode()).isEqualTo(201);
      JsonObject afterBackup = auditPage(api, "?limit=1").getJsonObject("counts");
      assertThat(afterBackup.getString("security_backed_up_through")).isNotNull();

      // backed-up entries make room down to audit.max_entries (50) before any unbacked one goes
      for (int i = 0; i < 20; i++) {
        createCampaign(api, "after-backup-" + i);
      }
      JsonObject counts = auditPage(api, "?limit=1").getJsonObject("counts");
      assertThat(counts.getLong("security_entries")).isEqualTo(50);
      assertThat(counts.getLong("security_dropped")).isZero();

      // with no further backup, 110 more. Unbacked so far: the backup's own entry (written when
      // its answer ended) and the 20 above; the 29 backed-up ones left make room first, then the
      // stream grows to the hard cap of 120 and the 11 unbacked beyond it are dropped, oldest
      // first, and counted: the backup's entry and after-backup-0 to 9
      for (int i = 0; i < 110; i++) {
        createCampaign(api, "unbacked-" + i);
      }
      counts = auditPage(api, "?limit=1").getJsonObject("counts");
      System.out.printf("audit counts at the hard cap: %s%n", counts.encode());
      assertThat(counts.getLong("security_entries")).isEqualTo(120);
      assertThat(counts.getLong("security_dropped")).isEqualTo(11);
      JsonArray oldest =
          auditPage(api, "?stream=security&action=campaign.create&limit=200").getJsonArray("items");
      assertThat(oldest.getJsonObject(oldest.size() - 1).getString("target"))
          .as("the oldest held is the first not dropped")
          .isEqualTo(campaignIdNamed(api, "after-backup-10"));
      String metrics = api.get("/metrics").bodyAsString();
      assertThat(metrics).contains("ao_audit_security_fullness 1.0");
      assertThat(metrics).contains("ao_audit_security_dropped_entries 11.0");
    }
  }

  /** Every entry of a stream, paged through the API. */
  private static long streamLength(RunningApi api, String stream) {
    long held = 0;
    String cursor = null;
    for (int pages = 0; pages < 100; pages++) {
      JsonObject page =
          auditPage(
              api,
              "?stream=" + stream + "&limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
      held += page.getJsonArray("items").size();
      cursor = page.getString("next_cursor");
      if (cursor == null) {
        break;
      }
    }
    return held;
  }

  private static long count(Map<Integer, LongAdder> statuses, int status) {
    LongAdder adder = statuses.get(status);
    return adder == null ? 0 : adder.sum();
  }

  /** FLOOD anonymous lead creates, IN_FLIGHT at a time; a third with a junk credential. */
  private Future<Void> flood(RunningApi api, Map<Integer, LongAdder> statuses) {
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()),
            new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    Promise<Void> done = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    long deadline = System.currentTimeMillis() + FLOOD_DEADLINE_MS;
    Buffer body = new JsonObject().put("email", "flood@example.com").toBuffer();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          if (started.get() >= FLOOD || System.currentTimeMillis() > deadline) {
            if (inFlight.get() == 0) {
              done.tryComplete();
            }
            return;
          }
          int n = started.getAndIncrement();
          inFlight.incrementAndGet();
          HttpRequest<Buffer> request =
              client
                  .post("/api/leads")
                  .putHeader("Content-Type", "application/json")
                  .putHeader("X-Forwarded-For", ATTACKER);
          if (n % 3 == 1) {
            request.putHeader("Authorization", "Bearer junk." + n);
          } else if (n % 3 == 2) {
            request.putHeader("X-API-Key", "ak_junk" + n);
          }
          request
              .sendBuffer(body)
              .onComplete(
                  answer -> {
                    int status = answer.succeeded() ? answer.result().statusCode() : -1;
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    inFlight.decrementAndGet();
                    next[0].run();
                  });
        };
    // one context: the counters are only touched from its event loop
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < IN_FLIGHT; i++) {
            next[0].run();
          }
        });
    return done.future().onComplete(finished -> client.close());
  }

  private static HttpResponse<Buffer> from(RunningApi api, String address, String authorization) {
    HttpRequest<Buffer> request =
        api.request(HttpMethod.GET, "/api/leads").putHeader("X-Forwarded-For", address);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return await(request.send());
  }

  private static String adminToken(RunningApi api) {
    return api.tokenFor("admin", RunningApi.ADMIN_PASSWORD);
  }

  private static void createCampaign(RunningApi api, String name) {
    HttpResponse<Buffer> created =
        api.postJson("/api/campaigns", new JsonObject().put("name", name).put("channel", "email"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  private static String campaignIdNamed(RunningApi api, String name) {
    JsonArray items = api.get("/api/campaigns?limit=200").bodyAsJsonObject().getJsonArray("items");
    return items.stream()
        .map(JsonObject.class::cast)
        .filter(c -> name.equals(c.getString("name")))
        .map(c -> c.getString("id"))
        .findFirst()
        .orElseThrow();
  }

  private static void createLead(RunningApi api, String token, String email) {
    HttpResponse<Buffer> created =
        await(
            api.request(HttpMethod.POST, "/api/leads")
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(new JsonObject().put("email", email).toBuffer()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isIn(201, 202);
  }

  private static JsonObject auditPage(RunningApi api, String query) {
    HttpResponse<Buffer> page = api.get("/api/admin/audit" + query);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject();
  }

  /** ao_audit_write_failures_total{stream="anonymous"}: entries the flood made Redis refuse. */
  private static long anonymousWriteFailures(RunningApi api) {
    return api.get("/metrics")
        .bodyAsString()
        .lines()
        .filter(line -> line.startsWith("ao_audit_write_failures_total{stream=\"anonymous\"}"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The counts, once the refusals counted in memory have reached Redis (flushed every second). */
  private static JsonObject awaitCounts(RunningApi api, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject counts;
    do {
      Thread.sleep(200);
      counts = auditPage(api, "?limit=1").getJsonObject("counts");
    } while (counts.getLong("anonymous_recorded")
                + counts.getLong("anonymous_refused_unrecorded")
                + anonymousWriteFailures(api)
            < expected
        && System.currentTimeMillis() < deadline);
    return counts;
  }
}
