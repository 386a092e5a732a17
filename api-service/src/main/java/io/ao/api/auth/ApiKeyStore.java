package io.ao.api.auth;

import io.ao.shared.crypto.Sha256;
import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * API keys: {@code ao_<id>_<32 random bytes, base64url>}, shown once at creation. Only the SHA-256
 * of a key is stored ({@code <prefix>:apikey:<sha256>}), so a Redis dump reveals no usable key;
 * every request looks the key up, so a revocation holds on every API instance at once.
 */
public final class ApiKeyStore {

  private static final Pattern KEY_SHAPE = Pattern.compile("ao_[a-z0-9]{10}_[A-Za-z0-9_-]{43}");
  public static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{10}");
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private static final LuaScript CREATE =
      LuaScript.fromClasspath("/io/ao/api/auth/apikey_create.lua");
  private static final LuaScript TOUCH =
      LuaScript.fromClasspath("/io/ao/api/auth/apikey_touch.lua");
  private static final LuaScript REVOKE =
      LuaScript.fromClasspath("/io/ao/api/auth/apikey_revoke.lua");

  private final Redis redis;
  private final AuthKeys keys;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyStore(Redis redis, AuthKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** A key as listed: everything but the secret. */
  public record KeyInfo(
      String id,
      String name,
      String owner,
      Role role,
      String prefix,
      long createdAt,
      long lastUsedAt,
      Long expiresAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("owner", owner)
          .put("role", role.wireName())
          .put("prefix", prefix)
          .put("created_at", createdAt)
          .put("last_used_at", lastUsedAt == 0 ? null : lastUsedAt)
          .put("expires_at", expiresAt);
    }

    /** Redis expires the record at that moment too; this covers the last few milliseconds. */
    public boolean expiredAt(long now) {
      return expiresAt != null && expiresAt <= now;
    }
  }

  public record CreatedKey(KeyInfo info, String secret) {}

  /** What creating a key did: made it, or refused it (too many keys, credentials revoked). */
  public record Creation(CreatedKey key, boolean tooMany, boolean callerRevoked) {}

  /**
   * Creates a key for {@code owner}, who is the caller. The script checks, at the moment of
   * writing, that the caller's credentials still hold: the token's stamp ({@code callerStamp}) is
   * still the owner's, or the key the caller used ({@code callerKeyId}) still exists.
   */
  public Future<Creation> create(
      String owner,
      String name,
      Role role,
      Long expiresAt,
      String callerStamp,
      String callerKeyId,
      int maxKeysPerUser) {
    String id = randomId();
    byte[] secretBytes = new byte[32];
    random.nextBytes(secretBytes);
    String secret =
        "ao_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String digest = Sha256.hex(secret);
    long now = System.currentTimeMillis();
    KeyInfo info = new KeyInfo(id, name, owner, role, "ao_" + id, now, 0, expiresAt);
    List<String> args =
        new ArrayList<>(
            List.of(
                callerKeyId == null ? callerStamp : "",
                Long.toString(now),
                Integer.toString(maxKeysPerUser),
                expiresAt == null ? "" : Long.toString(expiresAt),
                id,
                digest,
                "id",
                id,
                "name",
                name,
                "owner",
                owner,
                "role",
                role.wireName(),
                "prefix",
                info.prefix(),
                "created_at",
                Long.toString(now)));
    if (expiresAt != null) {
      args.add("expires_at");
      args.add(Long.toString(expiresAt));
    }
    return CREATE
        .run(
            redis,
            List.of(
                keys.user(owner),
                keys.userKeys(owner),
                keys.apiKey(digest),
                keys.apiKeyId(id),
                callerKeyId == null ? keys.user(owner) : keys.apiKeyId(callerKeyId)),
            args)
        .map(
            reply ->
                switch (reply.toInteger()) {
                  case 1 -> new Creation(new CreatedKey(info, secret), false, false);
                  case -1 -> new Creation(null, true, false);
                  case -2 -> new Creation(null, false, true);
                  default -> throw new IllegalStateException("apikey_create answered " + reply);
                });
  }

  /** The key's record, or null for an unknown, revoked or malformed key. */
  public Future<KeyInfo> findBySecret(String secret) {
    if (secret == null || !KEY_SHAPE.matcher(secret).matches()) {
      return Future.succeededFuture(null);
    }
    return redis
        .send(Request.cmd(Command.HGETALL).arg(keys.apiKey(Sha256.hex(secret))))
        .map(ApiKeyStore::toInfo);
  }

  /** Records a use; a key revoked meanwhile stays gone (no half record is written back). */
  public Future<Void> touch(KeyInfo key, long now) {
    return TOUCH
        .run(
            redis,
            List.of(keys.apiKeyId(key.id())),
            List.of(keys.apiKeyPrefix(), Long.toString(now)))
        .mapEmpty();
  }

  public Future<List<KeyInfo>> listOwnedBy(String owner) {
    return redis
        .send(Request.cmd(Command.ZRANGE).arg(keys.userKeys(owner)).arg(0).arg(-1))
        .compose(
            ids -> {
              List<Future<KeyInfo>> reads = new ArrayList<>();
              ids.forEach(id -> reads.add(findById(id.toString())));
              return Future.all(reads)
                  .map(
                      all -> {
                        List<KeyInfo> keys = new ArrayList<>();
                        reads.forEach(
                            read -> {
                              if (read.result() != null) {
                                keys.add(read.result());
                              }
                            });
                        keys.sort(Comparator.comparingLong(KeyInfo::createdAt));
                        return keys;
                      });
            });
  }

  public Future<KeyInfo> findById(String id) {
    if (!KEY_ID.matcher(id).matches()) {
      return Future.succeededFuture(null);
    }
    return redis
        .send(Request.cmd(Command.GET).arg(keys.apiKeyId(id)))
        .compose(
            digest ->
                digest == null
                    ? Future.succeededFuture(null)
                    : redis
                        .send(Request.cmd(Command.HGETALL).arg(keys.apiKey(digest.toString())))
                        .map(ApiKeyStore::toInfo));
  }

  /** Deletes the key; every instance refuses it from the next request on. */
  public Future<Void> revoke(KeyInfo key) {
    return redis
        .send(Request.cmd(Command.GET).arg(keys.apiKeyId(key.id())))
        .compose(
            digest ->
                REVOKE.run(
                    redis,
                    List.of(
                        digest == null ? keys.apiKeyId(key.id()) : keys.apiKey(digest.toString()),
                        keys.apiKeyId(key.id()),
                        keys.userKeys(key.owner())),
                    List.of(key.id())))
        .mapEmpty();
  }

  private String randomId() {
    StringBuilder id = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private static KeyInfo toInfo(Response hash) {
    if (hash == null || hash.size() == 0 || hash.get("id") == null) {
      return null;
    }
    Role role = Role.fromWire(hash.get("role").toString()).orElse(null);
    if (role == null) {
      return null;
    }
    return new KeyInfo(
        hash.get("id").toString(),
        hash.get("name").toString(),
        hash.get("owner").toString(),
        role,
        hash.get("prefix").toString(),
        hash.get("created_at").toLong(),
        hash.get("last_used_at") == null ? 0 : hash.get("last_used_at").toLong(),
        hash.get("expires_at") == null ? null : hash.get("expires_at").toLong());
  }
}
