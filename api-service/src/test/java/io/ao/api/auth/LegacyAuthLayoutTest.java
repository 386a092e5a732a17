package io.ao.api.auth;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.crypto.Sha256;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

/** Users and keys stored by a release before the {auth} layout keep working after the upgrade. */
@ExtendWith(RedisServerExtension.class)
class LegacyAuthLayoutTest {

  private static final String PASSWORD = "an-old-release-password";
  private static final String KEY = "ao_abcdefghij_" + "A".repeat(43);

  private static Vertx vertx;
  private static Redis redis;
  private static RunningApi api;

  @BeforeAll
  static void start(LocalRedisServer server) {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    String hash = LegacyPasswords.pbkdf2(PASSWORD, 10_000);
    // What the release before wrote: one user "admin", one "old-agent" with a key.
    send(
        "HSET",
        "ao:user:admin",
        "username",
        "admin",
        "role",
        "admin",
        "password_hash",
        hash,
        "created_at",
        "1");
    send(
        "HSET",
        "ao:user:old-agent",
        "username",
        "old-agent",
        "role",
        "agent",
        "password_hash",
        hash,
        "created_at",
        "2");
    send("SADD", "ao:users", "admin", "old-agent");
    String digest = Sha256.hex(KEY);
    send(
        "HSET",
        "ao:apikey:" + digest,
        "id",
        "abcdefghij",
        "name",
        "old key",
        "owner",
        "old-agent",
        "role",
        "agent",
        "prefix",
        "ao_abcdefghij",
        "created_at",
        "3");
    send("SET", "ao:apikey-id:abcdefghij", digest);
    send("SADD", "ao:user-keys:old-agent", "abcdefghij");
    api = RunningApi.startWithoutLogin(vertx, server.url(), Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
    await(vertx.close());
  }

  @Test
  void oldUsersLogInWithTheirPasswordsAndOldKeysStillWork() {
    String admin = api.tokenFor("admin", PASSWORD);
    assertThat(api.tokenFor("old-agent", PASSWORD)).isNotEmpty();
    HttpResponse<Buffer> me =
        await(api.request(HttpMethod.GET, "/api/auth/me").putHeader("X-API-Key", KEY).send());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("username")).isEqualTo("old-agent");
    HttpResponse<Buffer> users =
        await(
            api.request(HttpMethod.GET, "/api/admin/users")
                .putHeader("Authorization", "Bearer " + admin)
                .send());
    assertThat(users.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    assertThat(members("ao:{auth}:admins")).containsExactly("admin");
  }

  @Test
  void aPbkdf2PasswordIsRehashedWithArgon2idAtItsNextLoginAndNothingIsRevoked() {
    String before = api.tokenFor("old-agent", PASSWORD);
    String userKey = new AuthKeys("ao").user("old-agent");
    String stored = null;
    for (int i = 0; i < 100 && (stored == null || !stored.startsWith("$argon2id$")); i++) {
      stored = hget(userKey, "password_hash");
      if (!stored.startsWith("$argon2id$")) {
        sleep(50);
      }
    }
    assertThat(stored).as("after a successful login").startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(api.tokenFor("old-agent", PASSWORD)).as("the same password").isNotEmpty();
    HttpResponse<Buffer> me =
        await(
            api.request(HttpMethod.GET, "/api/auth/me")
                .putHeader("Authorization", "Bearer " + before)
                .send());
    assertThat(me.statusCode()).as("a token from before the rehash").isEqualTo(200);
    assertThat(api.login("old-agent", "not-the-password").statusCode()).isEqualTo(401);
  }

  private static String hget(String key, String field) {
    var value = await(redis.send(Request.cmd(Command.HGET).arg(key).arg(field)));
    return value == null ? null : value.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void theOldKeysAreGone() {
    List<String> left = new ArrayList<>();
    await(redis.send(Request.cmd(Command.KEYS).arg("ao:*")))
        .forEach(key -> left.add(key.toString()));
    assertThat(left)
        .noneMatch(
            key ->
                key.startsWith("ao:user") || key.startsWith("ao:apikey") || key.equals("ao:users"));
  }

  private static List<String> members(String set) {
    List<String> names = new ArrayList<>();
    await(redis.send(Request.cmd(Command.SMEMBERS).arg(set))).forEach(n -> names.add(n.toString()));
    return names;
  }

  private static void send(String command, String... args) {
    Request request = Request.cmd(Command.create(command));
    for (String arg : args) {
      request.arg(arg);
    }
    await(redis.send(request));
  }
}
