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
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15's first finding, replayed on two API instances sharing one Redis: a deleted user (or one
 * whose password was reset) keeps nothing, on either instance, and the admins cannot delete each
 * other down to none.
 */
@ExtendWith(RedisServerExtension.class)
class RevocationTest {

  private static final int MAX_KEYS = 5;

  /** The bound: refused on every instance within 100 ms. */
  private static final long REFUSED_WITHIN_MS = 100;

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi first;
  private static RunningApi second;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    Map<String, String> env = Map.of("AO_AUTH_MAX_KEYS_PER_USER", Integer.toString(MAX_KEYS));
    first = RunningApi.start(vertx, server.url(), env);
    second = RunningApi.start(vertx, server.url(), env);
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
    await(vertx.close());
  }

  @Test
  void aDeletedAdminsKeyAndTokenAreRefusedOnTheOtherInstanceAtOnce() {
    String token = first.tokenOfNewUser("eve", "admin");
    String key = createKey(first, bearer(token), "eve's key", null).getString("key");
    assertThat(me(second, withKey(key)).statusCode()).isEqualTo(200);
    assertThat(me(second, bearer(token)).statusCode()).isEqualTo(200);

    assertThat(first.send(HttpMethod.DELETE, "/api/admin/users/eve").statusCode()).isEqualTo(204);
    long deletedAt = System.nanoTime();

    long keyRefusedMs = refusedAfterMs(withKey(key), deletedAt);
    long tokenRefusedMs = refusedAfterMs(bearer(token), deletedAt);
    System.out.printf(
        "deleted admin: key refused on the second instance after %d ms, token after %d ms%n",
        keyRefusedMs, tokenRefusedMs);
    assertThat(keyRefusedMs).isLessThanOrEqualTo(REFUSED_WITHIN_MS);
    assertThat(tokenRefusedMs).isLessThanOrEqualTo(REFUSED_WITHIN_MS);

    // The attack itself: with the key, create an admin and delete the others.
    JsonObject newAdmin =
        new JsonObject()
            .put("username", "eve2")
            .put("password", "a-long-enough-password")
            .put("role", "admin");
    Problems.assertProblem(
        await(
            withKey(key)
                .apply(second.request(HttpMethod.POST, "/api/admin/users"))
                .sendJsonObject(newAdmin)),
        401);
    Problems.assertProblem(
        await(
            withKey(key).apply(second.request(HttpMethod.DELETE, "/api/admin/users/admin")).send()),
        401);
    assertThat(first.get("/api/admin/users").bodyAsJsonObject().encode()).contains("\"admin\"");
  }

  @Test
  void aDeletedUsersTokenCannotMintKeysEvenOnAnInstanceThatJustTrustedIt() {
    String token = first.tokenOfNewUser("mallory", "agent");
    // The second instance has just read mallory's stamp, so its copy is fresh when she asks.
    assertThat(me(second, bearer(token)).statusCode()).isEqualTo(200);
    assertThat(first.send(HttpMethod.DELETE, "/api/admin/users/mallory").statusCode())
        .isEqualTo(204);
    HttpResponse<Buffer> minted =
        await(
            bearer(token)
                .apply(second.request(HttpMethod.POST, "/api/auth/keys"))
                .sendJsonObject(new JsonObject().put("name", "after deletion")));
    Problems.assertProblem(minted, 401);
    assertThat(keyIdsOf("mallory")).isEmpty();
  }

  @Test
  void aPasswordResetRevokesEveryTokenAndKeyOfTheUser() {
    String token = first.tokenOfNewUser("trent", "operator");
    String key = createKey(first, bearer(token), "trent's key", null).getString("key");
    assertThat(me(second, withKey(key)).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> reset =
        await(
            first
                .asAdmin(HttpMethod.PUT, "/api/admin/users/trent/password")
                .sendJsonObject(new JsonObject().put("password", "a-brand-new-password")));
    assertThat(reset.statusCode()).isEqualTo(204);
    long resetAt = System.nanoTime();

    long keyRefusedMs = refusedAfterMs(withKey(key), resetAt);
    long tokenRefusedMs = refusedAfterMs(bearer(token), resetAt);
    System.out.printf(
        "password reset: old key refused on the second instance after %d ms, old token after %d"
            + " ms%n",
        keyRefusedMs, tokenRefusedMs);
    assertThat(keyRefusedMs).isLessThanOrEqualTo(REFUSED_WITHIN_MS);
    assertThat(tokenRefusedMs).isLessThanOrEqualTo(REFUSED_WITHIN_MS);
    Problems.assertProblem(second.login("trent", "password-of-trent"), 401);
    String fresh = second.tokenFor("trent", "a-brand-new-password");
    assertThat(me(first, bearer(fresh)).statusCode()).isEqualTo(200);
  }

  @Test
  void aUserRecreatedUnderADeletedAdminsNameInheritsNothing() {
    String token = first.tokenOfNewUser("oscar", "admin");
    String key = createKey(first, bearer(token), "oscar's admin key", null).getString("key");
    assertThat(first.send(HttpMethod.DELETE, "/api/admin/users/oscar").statusCode()).isEqualTo(204);

    String agent = first.tokenOfNewUser("oscar", "agent");
    HttpResponse<Buffer> keys =
        await(bearer(agent).apply(second.request(HttpMethod.GET, "/api/auth/keys")).send());
    assertThat(keys.statusCode()).isEqualTo(200);
    assertThat(keys.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    Problems.assertProblem(me(second, withKey(key)), 401);
    // The old admin's token names the same user, but not the new user's stamp.
    Problems.assertProblem(me(second, bearer(token)), 401);
  }

  @Test
  void twoAdminsDeletingEachOtherAtTheSameMomentLeaveOne() {
    String survivor = first.tokenOfNewUser("root-0", "admin");
    String survivorName = "root-0";
    int rounds = 10;
    for (int round = 1; round <= rounds; round++) {
      String otherName = "root-" + round;
      String other = createAdminAs(survivor, otherName);
      // Both delete each other, one through each instance, at once.
      Future<HttpResponse<Buffer>> oneWay =
          bearerOf(survivor)
              .apply(first.request(HttpMethod.DELETE, "/api/admin/users/" + otherName))
              .send();
      Future<HttpResponse<Buffer>> otherWay =
          bearerOf(other)
              .apply(second.request(HttpMethod.DELETE, "/api/admin/users/" + survivorName))
              .send();
      await(Future.join(oneWay, otherWay));
      Set<Integer> statuses =
          new TreeSet<>(List.of(oneWay.result().statusCode(), otherWay.result().statusCode()));
      assertThat(statuses).as("round %d", round).contains(204).hasSize(2);
      assertThat(statuses).containsAnyOf(401, 409);
      if (otherWay.result().statusCode() == 204) {
        survivor = other;
        survivorName = otherName;
      }
    }
    List<String> admins = new ArrayList<>();
    await(redis.send(Request.cmd(Command.SMEMBERS).arg("ao:{auth}:admins")))
        .forEach(name -> admins.add(name.toString()));
    assertThat(admins).contains("admin", survivorName).hasSize(2);
    System.out.printf(
        "%d rounds of two admins deleting each other: exactly one survived each round%n", rounds);
  }

  @Test
  void keysMayExpireAndAreCappedPerUser() {
    String token = first.tokenOfNewUser("kim", "agent");
    JsonObject expiring = createKey(first, bearer(token), "a day", 1);
    long expiresAt = expiring.getLong("expires_at");
    assertThat(expiresAt - System.currentTimeMillis()).isBetween(86_300_000L, 86_400_000L);
    String digestKey = "ao:{auth}:apikey-id:" + expiring.getString("id");
    long ttlMs = await(redis.send(Request.cmd(Command.PTTL).arg(digestKey))).toLong();
    assertThat(ttlMs).isBetween(86_300_000L, 86_400_000L);
    assertThat(me(second, withKey(expiring.getString("key"))).statusCode()).isEqualTo(200);

    // Expiry is also checked by the API itself, for the moments before Redis drops the record.
    String digest = await(redis.send(Request.cmd(Command.GET).arg(digestKey))).toString();
    await(
        redis.send(
            Request.cmd(Command.HSET)
                .arg("ao:{auth}:apikey:" + digest)
                .arg("expires_at")
                .arg(System.currentTimeMillis() - 1)));
    Problems.assertProblem(me(second, withKey(expiring.getString("key"))), 401);

    for (Object days : new Object[] {0, 3_651, "7", 1.5}) {
      HttpResponse<Buffer> refused =
          await(
              bearer(token)
                  .apply(first.request(HttpMethod.POST, "/api/auth/keys"))
                  .sendJsonObject(
                      new JsonObject().put("name", "bad").put("expires_in_days", days)));
      assertThat(Problems.assertProblem(refused, 422).encode()).contains("expires_in_days");
    }

    List<String> ids = new ArrayList<>();
    ids.add(expiring.getString("id"));
    for (int i = ids.size(); i < MAX_KEYS; i++) {
      ids.add(createKey(first, bearer(token), "key " + i, null).getString("id"));
    }
    HttpResponse<Buffer> tooMany =
        await(
            bearer(token)
                .apply(second.request(HttpMethod.POST, "/api/auth/keys"))
                .sendJsonObject(new JsonObject().put("name", "one too many")));
    assertThat(Problems.assertProblem(tooMany, 409).getString("detail"))
        .contains("auth.max_keys_per_user");
    assertThat(
            await(
                    bearer(token)
                        .apply(first.request(HttpMethod.DELETE, "/api/auth/keys/" + ids.get(1)))
                        .send())
                .statusCode())
        .isEqualTo(204);
    createKey(second, bearer(token), "room again", null);
  }

  // --- helpers ---

  private interface Credential extends java.util.function.UnaryOperator<HttpRequest<Buffer>> {}

  private static Credential bearer(String token) {
    return request -> request.putHeader("Authorization", "Bearer " + token);
  }

  private static Credential bearerOf(String token) {
    return bearer(token);
  }

  private static Credential withKey(String key) {
    return request -> request.putHeader("X-API-Key", key);
  }

  private static HttpResponse<Buffer> me(RunningApi api, Credential credential) {
    return await(credential.apply(api.request(HttpMethod.GET, "/api/auth/me")).send());
  }

  /** Asks the second instance every few ms until it refuses; ms since {@code sinceNanos}. */
  private static long refusedAfterMs(Credential credential, long sinceNanos) {
    for (int attempt = 0; attempt < 200; attempt++) {
      if (me(second, credential).statusCode() == 401) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
      }
      sleep(5);
    }
    throw new AssertionError("still accepted 1 s after the revocation");
  }

  private static JsonObject createKey(
      RunningApi api, Credential credential, String name, Integer expiresInDays) {
    JsonObject body = new JsonObject().put("name", name);
    if (expiresInDays != null) {
      body.put("expires_in_days", expiresInDays);
    }
    HttpResponse<Buffer> created =
        await(
            credential.apply(api.request(HttpMethod.POST, "/api/auth/keys")).sendJsonObject(body));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static String createAdminAs(String adminToken, String username) {
    String password = "password-of-" + username;
    HttpResponse<Buffer> created =
        await(
            bearer(adminToken)
                .apply(first.request(HttpMethod.POST, "/api/admin/users"))
                .sendJsonObject(
                    new JsonObject()
                        .put("username", username)
                        .put("password", password)
                        .put("role", "admin")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return first.tokenFor(username, password);
  }

  private static List<String> keyIdsOf(String owner) {
    List<String> ids = new ArrayList<>();
    await(
            redis.send(
                Request.cmd(Command.ZRANGE).arg("ao:{auth}:user-keys:" + owner).arg(0).arg(-1)))
        .forEach(id -> ids.add(id.toString()));
    return ids;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
