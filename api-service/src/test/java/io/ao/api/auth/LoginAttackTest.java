package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Password guessing from one address is held to a few tries a minute by the backoff of its
 * (username, IP) budget, and never stalls the event loop. With the defaults (5 free failures, then
 * waits of 2 s doubling), 40 s of guessing get the 5 free ones and then one after each wait: at
 * about 2, 6, 14 and 30 s after the fifth.
 */
@ExtendWith(RedisServerExtension.class)
class LoginAttackTest {

  private static final int FREE = 5;
  private static final long BASE_MS = 2_000;
  private static final long ATTACK_MS = 40_000;
  private static final long BATCH_EVERY_MS = 250;
  private static final int GUESSES_PER_BATCH = 10;

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    // the production work factor: each guess that is checked costs a real hash
    api =
        RunningApi.start(
            vertx,
            server.url(),
            Map.of("AO_AUTH_ARGON2_MEMORY_KIB", "19456", "AO_AUTH_ARGON2_ITERATIONS", "2"));
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  /** When a guess was answered (ms since the attack began) and how. */
  private record Answer(long atMs, int status) {}

  @Test
  void fortySecondsOfGuessingGetTheFreeFiveThenOneGuessPerDoublingWaitWhileHealthStaysFast() {
    // The probe has its own client: the attack's queues its guesses on 5 pooled connections.
    WebClient probe =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
    List<Long> healthMillis = new ArrayList<>();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    long started = System.nanoTime();
    int batches = (int) (ATTACK_MS / BATCH_EVERY_MS);
    for (int batch = 0; batch < batches; batch++) {
      sleepUntil(started + batch * BATCH_EVERY_MS * 1_000_000);
      List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
      for (int i = 0; i < GUESSES_PER_BATCH; i++) {
        guesses.add(
            api.request(HttpMethod.POST, "/api/auth/login")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    new JsonObject()
                        .put("username", "admin")
                        .put("password", "guess-" + batch + "-" + i)
                        .toBuffer())
                .onSuccess(
                    answer ->
                        answers.add(
                            new Answer(
                                (System.nanoTime() - started) / 1_000_000, answer.statusCode()))));
      }
      if (batch % 4 == 0) {
        long asked = System.nanoTime();
        assertThat(await(probe.get("/health").send()).statusCode()).isEqualTo(200);
        healthMillis.add((System.nanoTime() - asked) / 1_000_000);
      }
      await(Future.join(new ArrayList<>(guesses)));
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(answers).hasSize(batches * GUESSES_PER_BATCH);
    assertThat(answers).allMatch(answer -> answer.status() == 401 || answer.status() == 429);
    long[] checkedAt =
        answers.stream().filter(a -> a.status() == 401).mapToLong(Answer::atMs).sorted().toArray();
    long[] afterFree =
        Arrays.copyOfRange(checkedAt, Math.min(FREE, checkedAt.length), checkedAt.length);
    long lastThirty = Arrays.stream(checkedAt).filter(at -> at >= elapsedMs - 30_000).count();
    long[] health = healthMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "login attack: %d guesses in %.1f s from one IP, %d checked (%d free, then at %s ms);"
            + " %d checked in the last 30 s = %.1f per minute; health median %d ms (%s)%n",
        answers.size(),
        elapsedMs / 1000.0,
        checkedAt.length,
        Math.min(FREE, checkedAt.length),
        Arrays.toString(afterFree),
        lastThirty,
        lastThirty * 2.0,
        health[health.length / 2],
        Arrays.toString(health));

    assertThat(checkedAt.length).as("guesses checked").isGreaterThanOrEqualTo(FREE);
    // waits of 2, 4, 8, 16 s fit 40 s; the fifth (32 s) does not
    assertThat(afterFree.length).as("guesses checked after the free ones").isBetween(2, 4);
    for (int i = 1; i < afterFree.length; i++) {
      long wait = BASE_MS << i;
      // measured where the answers arrive: a guess is let in `wait` after the previous one was
      // reserved, and on a loaded machine the previous answer can come back a second later than
      // its reservation, so the gap seen here is allowed to be a quarter shorter
      assertThat(afterFree[i] - afterFree[i - 1])
          .as("gap before the %d-th guess after the free ones (ms)", i + 1)
          .isGreaterThanOrEqualTo(wait * 3 / 4);
    }
    assertThat(lastThirty).as("guesses checked in the last 30 s").isLessThanOrEqualTo(3);
    assertThat(health[health.length / 2]).as("median health answer (ms)").isLessThan(50);

    // the attacker's address is backing off; the owner's own address is not (LoginLockoutTest)
    HttpResponse<Buffer> waiting = api.login("admin", RunningApi.ADMIN_PASSWORD);
    Problems.assertProblem(waiting, 429);
    assertThat(Long.parseLong(waiting.getHeader("Retry-After"))).isPositive();
  }

  private static void sleepUntil(long nanoTime) {
    long millis = (nanoTime - System.nanoTime()) / 1_000_000;
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
