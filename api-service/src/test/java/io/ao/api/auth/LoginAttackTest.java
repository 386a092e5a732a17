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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Password guessing locks the account out quickly and never stalls the event loop. */
@ExtendWith(RedisServerExtension.class)
class LoginAttackTest {

  private static Vertx vertx;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    // the production work factor: each wrong guess before the lockout costs a real hash
    api = RunningApi.start(vertx, server.url(), Map.of("AO_AUTH_PASSWORD_ITERATIONS", "600000"));
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void aThousandWrongPasswordsLockTheUserOutWithoutA5xxWhileHealthStaysFast() throws Exception {
    // The probe has its own client: the attack's client queues its 50 requests on 5 pooled
    // connections.
    WebClient probe =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
    List<Long> healthMillis = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (int batch = 0; batch < 20; batch++) {
      List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        guesses.add(
            api.request(HttpMethod.POST, "/api/auth/login")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    new JsonObject()
                        .put("username", "admin")
                        .put("password", "guess-" + batch + "-" + i)
                        .toBuffer()));
      }
      long started = System.nanoTime();
      assertThat(await(probe.get("/health").send()).statusCode()).isEqualTo(200);
      healthMillis.add((System.nanoTime() - started) / 1_000_000);
      await(Future.join(new ArrayList<>(guesses)));
      guesses.forEach(guess -> statuses.add(guess.result().statusCode()));
    }

    assertThat(statuses).hasSize(1_000).allMatch(status -> status == 401 || status == 429);
    long checked = statuses.stream().filter(s -> s == 401).count();
    assertThat(checked).as("passwords actually checked before the lockout").isBetween(10L, 60L);
    assertThat(statuses.subList(900, 1_000)).allMatch(status -> status == 429);
    long[] sorted = healthMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.println("health during the attack, ms: " + Arrays.toString(sorted));
    assertThat(sorted[sorted.length / 2])
        .as("median health answer during the attack (ms)")
        .isLessThan(50);

    HttpResponse<Buffer> locked = api.login("admin", RunningApi.ADMIN_PASSWORD);
    Problems.assertProblem(locked, 429);
    assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isPositive();
  }
}
