package io.ao.api.http;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.auth.AuthRoutes;
import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A small request must not buy a large answer or a long computation (issue 15, item 5): the 1 MB
 * body of 95,000 unknown fields that used to get a 7.2 MB 422 (15.8 MB on /api/leads), and four
 * anonymous clients sending it, which pushed /health from 4 ms to 405 ms median.
 */
@ExtendWith(RedisServerExtension.class)
class AmplificationTest {

  private static final int UNKNOWN_FIELDS = 95_000;

  /** What a refusal may weigh: 20 listed errors with their messages fit well within it. */
  private static final int MAX_ANSWER_BYTES = 8 * 1024;

  /** Every route that reads a JSON body, one of each kind. */
  private static final List<String[]> BODY_ROUTES =
      List.of(
          new String[] {"POST", "/api/auth/login"},
          new String[] {"POST", "/api/auth/keys"},
          new String[] {"POST", "/api/admin/users"},
          new String[] {"PUT", "/api/admin/users/admin/password"},
          new String[] {"POST", "/api/leads"},
          new String[] {"PUT", "/api/leads/lead-1"},
          new String[] {"PATCH", "/api/leads/lead-1"},
          new String[] {"POST", "/api/campaigns"},
          new String[] {"PUT", "/api/campaigns/campaign-1"},
          new String[] {"PATCH", "/api/campaigns/campaign-1"},
          new String[] {"POST", "/api/campaigns/campaign-1/metrics"},
          new String[] {"POST", "/api/workflows"},
          new String[] {"POST", "/api/workflows/trigger"},
          new String[] {"POST", "/api/tasks"});

  private static Vertx vertx;
  private static Vertx clients;
  private static RunningApi api;
  private static String bearer;
  private static Buffer unknownFields;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    // the attackers and the probe are other programs: their event loops are not the server's
    clients = Vertx.vertx();
    api = RunningApi.start(vertx, server.url(), Map.of());
    bearer = api.tokenFor("admin", RunningApi.ADMIN_PASSWORD);
    StringBuilder body = new StringBuilder(1_050_000).append('{');
    for (int i = 0; i < UNKNOWN_FIELDS; i++) {
      body.append(i == 0 ? "" : ",").append(String.format("\"u%05d\":0", i));
    }
    unknownFields = Buffer.buffer(body.append('}').toString());
    assertThat(unknownFields.length()).isBetween(1_000_000, 1_048_576);
  }

  @AfterAll
  static void stop() {
    api.close();
    await(clients.close());
    await(vertx.close());
  }

  private static HttpRequest<Buffer> json(HttpMethod method, String path) {
    return api.asAdmin(method, path).putHeader("Content-Type", "application/json");
  }

  @Test
  void aMegabyteOfUnknownFieldsGetsASmall4xxOnEveryRouteThatReadsABody() {
    Map<String, String> answers = new TreeMap<>();
    for (String[] route : BODY_ROUTES) {
      String name = route[0] + " " + route[1];
      HttpResponse<Buffer> answer =
          await(json(HttpMethod.valueOf(route[0]), route[1]).sendBuffer(unknownFields));
      answers.put(name, answer.statusCode() + ", " + answer.body().length() + " bytes");
      Problems.assertProblem(answer, answer.statusCode());
      assertThat(answer.statusCode()).as(name).isBetween(400, 499);
      assertThat(answer.body().length())
          .as(name + " answer bytes")
          .isLessThanOrEqualTo(MAX_ANSWER_BYTES);
      if (route[1].equals("/api/auth/login")) {
        assertThat(answer.statusCode()).as(name).isEqualTo(413);
      } else {
        assertThat(answer.statusCode()).as(name).isEqualTo(422);
        assertThat(
                answer
                    .bodyAsJsonObject()
                    .getJsonArray("errors")
                    .getJsonObject(0)
                    .getString("field"))
            .isEqualTo("body");
      }
    }
    HttpResponse<Buffer> anonymous =
        await(
            api.request(HttpMethod.POST, "/api/leads")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(unknownFields));
    answers.put(
        "POST /api/leads (anonymous)",
        anonymous.statusCode() + ", " + anonymous.body().length() + " bytes");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body().length()).isLessThanOrEqualTo(MAX_ANSWER_BYTES);
    System.out.println(
        "1 MB body (" + unknownFields.length() + " bytes, " + UNKNOWN_FIELDS + " unknown fields):");
    answers.forEach((route, answer) -> System.out.println("  " + route + " -> " + answer));
  }

  @Test
  void aProblemListsTwentyFieldErrorsAndCountsTheRest() {
    JsonObject lead = new JsonObject().put("email", "many@example.com");
    for (int i = 0; i < 30; i++) {
      lead.put("extra_" + i, i);
    }
    HttpResponse<Buffer> answer =
        await(json(HttpMethod.POST, "/api/leads").sendBuffer(lead.toBuffer()));
    JsonObject problem = Problems.assertProblem(answer, 422);
    assertThat(problem.getJsonArray("errors")).hasSize(ProblemException.MAX_FIELD_ERRORS);
    assertThat(problem.getInteger("errors_omitted")).isEqualTo(10);
    assertThat(problem.getString("detail"))
        .isEqualTo("30 fields are invalid; the first 20 are listed");

    JsonObject few = new JsonObject().put("email", "few@example.com").put("extra", 1);
    JsonObject one =
        Problems.assertProblem(
            await(json(HttpMethod.POST, "/api/leads").sendBuffer(few.toBuffer())), 422);
    assertThat(one.containsKey("errors_omitted")).isFalse();
  }

  @Test
  void anObjectOfMoreThan200MembersIsRefusedNamingItAndSoIsNestingDeeperThan32() {
    JsonObject wide = new JsonObject();
    for (int i = 0; i <= JsonShape.MAX_MEMBERS; i++) {
      wide.put("k" + i, i);
    }
    JsonObject lead = new JsonObject().put("email", "wide@example.com").put("custom_fields", wide);
    JsonObject problem =
        Problems.assertProblem(
            await(json(HttpMethod.POST, "/api/leads").sendBuffer(lead.toBuffer())), 422);
    assertThat(problem.getJsonArray("errors"))
        .containsExactly(
            new JsonObject()
                .put("field", "custom_fields")
                .put("message", "has more than 200 members, the most allowed"));

    Object deep = 1;
    for (int i = 0; i < 40; i++) {
      deep = i % 2 == 0 ? new JsonObject().put("a", deep) : new JsonArray().add(deep);
    }
    JsonObject task = new JsonObject().put("type", "noop").put("payload", deep);
    JsonObject tooDeep =
        Problems.assertProblem(
            await(json(HttpMethod.POST, "/api/tasks").sendBuffer(task.toBuffer())), 422);
    String field = tooDeep.getJsonArray("errors").getJsonObject(0).getString("field");
    assertThat(field).startsWith("payload[0].a[0].a");
    assertThat(tooDeep.getString("detail"))
        .endsWith("is nested deeper than 32 levels, the most allowed");

    // just within both bounds: no shape problem (the lead's own rules then apply)
    JsonObject fine = new JsonObject();
    for (int i = 0; i < JsonShape.MAX_MEMBERS - 2; i++) {
      fine.put("k" + i, i);
    }
    HttpResponse<Buffer> within =
        await(
            json(HttpMethod.POST, "/api/tasks")
                .sendBuffer(new JsonObject().put("type", "noop").put("payload", fine).toBuffer()));
    assertThat(within.statusCode()).as(within.bodyAsString()).isEqualTo(202);
  }

  @Test
  void aLongFieldNameIsNotEchoedBackWholeAndOnePastTheParsersBoundIs400() {
    // twenty unknown fields of 40,000 characters each: echoed whole, 800 KB
    JsonObject lead = new JsonObject().put("email", "name@example.com");
    for (int i = 0; i < 20; i++) {
      lead.put(i + "n".repeat(40_000), 1);
    }
    HttpResponse<Buffer> answer =
        await(json(HttpMethod.POST, "/api/leads").sendBuffer(lead.toBuffer()));
    JsonObject problem = Problems.assertProblem(answer, 422);
    assertThat(problem.getJsonArray("errors")).hasSize(20);
    assertThat(answer.body().length()).isLessThanOrEqualTo(MAX_ANSWER_BYTES);

    JsonObject longer = new JsonObject().put("email", "x@example.com").put("n".repeat(60_000), 1);
    JsonObject tooLong =
        Problems.assertProblem(
            await(json(HttpMethod.POST, "/api/leads").sendBuffer(longer.toBuffer())), 400);
    assertThat(tooLong.getString("detail")).contains("longer than the server reads");
  }

  @Test
  void aLoginBodyOver8KiBIs413AndTheLargestValidLoginFitsUnder() {
    String padded =
        new JsonObject().put("username", "admin").put("password", "x".repeat(1_000)).encode();
    Buffer over =
        Buffer.buffer(
            padded.substring(0, padded.length() - 1)
                + " ".repeat((int) AuthRoutes.LOGIN_BODY_LIMIT_BYTES)
                + "}");
    HttpResponse<Buffer> refused =
        await(
            api.request(HttpMethod.POST, "/api/auth/login")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(over));
    Problems.assertProblem(refused, 413);

    // 64 + 1,024 characters, each written as a six-byte escape: still under the limit
    String escapedName = "\\u0061".repeat(64);
    String escapedPassword = "\\u0062".repeat(1_024);
    Buffer largest =
        Buffer.buffer(
            "{\"username\":\"" + escapedName + "\",\"password\":\"" + escapedPassword + "\"}");
    assertThat((long) largest.length()).isLessThan(AuthRoutes.LOGIN_BODY_LIMIT_BYTES);
    HttpResponse<Buffer> checked =
        await(
            api.request(HttpMethod.POST, "/api/auth/login")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(largest));
    Problems.assertProblem(checked, 401);
  }

  /**
   * Four clients send the megabyte of unknown fields as fast as they are answered, two as an
   * authenticated user to /api/leads and two anonymously to the login; /health, asked one request
   * at a time, keeps a median near its own without them. Wall-clock figures, as the issue asks:
   * medians, and a bound far above what the machine needs but far below the 405 ms it was.
   */
  @Test
  void healthStaysNearItsBaselineWhileFourClientsSendTheMegabyteBody() {
    WebClient probe =
        WebClient.create(
            clients, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
    long baseline = medianHealthMillis(probe, 60);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<Future<Void>> floods = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      WebClient attacker =
          WebClient.create(
              clients,
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
      boolean anonymous = c % 2 == 0;
      Promise<Void> done = Promise.promise();
      flood(attacker, anonymous, stop, sent, statuses, 2_000, done);
      floods.add(done.future());
    }
    long underFlood;
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (sent.get() < 8 && System.nanoTime() < deadline) {
        sleep(10);
      }
      underFlood = medianHealthMillis(probe, 60);
    } finally {
      stop.set(true);
    }
    await(Future.join(new ArrayList<>(floods)));
    System.out.printf(
        "health median: %d ms alone, %d ms while 4 clients sent %d megabyte bodies (answers %s)%n",
        baseline, underFlood, sent.get(), new TreeMap<>(statuses));
    assertThat(statuses.keySet()).containsOnly(413, 422);
    assertThat(sent.get()).as("megabyte bodies sent during the probe").isGreaterThanOrEqualTo(20);
    assertThat(underFlood)
        .as("median /health under the flood (ms)")
        .isLessThanOrEqualTo(baseline + 50);
  }

  /** One client's loop: the next body as soon as the last is answered, bounded in count. */
  private static void flood(
      WebClient client,
      boolean anonymous,
      AtomicBoolean stop,
      AtomicInteger sent,
      Map<Integer, AtomicInteger> statuses,
      int remaining,
      Promise<Void> done) {
    if (stop.get() || remaining == 0) {
      done.complete();
      return;
    }
    HttpRequest<Buffer> request =
        anonymous
            ? client.post("/api/auth/login")
            : client.post("/api/leads").putHeader("Authorization", "Bearer " + bearer);
    request
        .putHeader("Content-Type", "application/json")
        .sendBuffer(unknownFields)
        .onComplete(
            answer -> {
              sent.incrementAndGet();
              if (answer.succeeded()) {
                statuses
                    .computeIfAbsent(answer.result().statusCode(), s -> new AtomicInteger())
                    .incrementAndGet();
              } else {
                statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
              }
              flood(client, anonymous, stop, sent, statuses, remaining - 1, done);
            });
  }

  private static long medianHealthMillis(WebClient probe, int samples) {
    long[] millis = new long[samples];
    for (int i = 0; i < samples; i++) {
      long started = System.nanoTime();
      assertThat(await(probe.get("/health").send()).statusCode()).isEqualTo(200);
      millis[i] = (System.nanoTime() - started) / 1_000_000;
      sleep(20);
    }
    Arrays.sort(millis);
    return millis[samples / 2];
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
