package io.ao.api.auth;

import io.ao.shared.crypto.Sha256;
import io.ao.shared.redis.IndependentRequests;
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

  private final Redis redis;
  private final String prefix;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** A key as listed: everything but the secret. */
  public record KeyInfo(
      String id,
      String name,
      String owner,
      Role role,
      String prefix,
      long createdAt,
      long lastUsedAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("owner", owner)
          .put("role", role.wireName())
          .put("prefix", prefix)
          .put("created_at", createdAt)
          .put("last_used_at", lastUsedAt == 0 ? null : lastUsedAt);
    }
  }

  public record CreatedKey(KeyInfo info, String secret) {}

  public Future<CreatedKey> create(String owner, String name, Role role) {
    String id = randomId();
    byte[] secretBytes = new byte[32];
    random.nextBytes(secretBytes);
    String secret =
        "ao_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String digest = Sha256.hex(secret);
    long now = System.currentTimeMillis();
    KeyInfo info = new KeyInfo(id, name, owner, role, "ao_" + id, now, 0);
    return IndependentRequests.send(
            redis,
            List.of(
                Request.cmd(Command.HSET)
                    .arg(keyKey(digest))
                    .arg("id")
                    .arg(id)
                    .arg("name")
                    .arg(name)
                    .arg("owner")
                    .arg(owner)
                    .arg("role")
                    .arg(role.wireName())
                    .arg("prefix")
                    .arg(info.prefix())
                    .arg("created_at")
                    .arg(now),
                Request.cmd(Command.SET).arg(idKey(id)).arg(digest),
                Request.cmd(Command.SADD).arg(ownerKey(owner)).arg(id)))
        .map(done -> new CreatedKey(info, secret));
  }

  /** The key's record, or null for an unknown, revoked or malformed key. */
  public Future<KeyInfo> findBySecret(String secret) {
    if (secret == null || !KEY_SHAPE.matcher(secret).matches()) {
      return Future.succeededFuture(null);
    }
    return redis
        .send(Request.cmd(Command.HGETALL).arg(keyKey(Sha256.hex(secret))))
        .map(ApiKeyStore::toInfo);
  }

  public Future<Void> touch(KeyInfo key, long now) {
    return redis
        .send(Request.cmd(Command.GET).arg(idKey(key.id())))
        .compose(
            digest ->
                digest == null
                    ? Future.succeededFuture()
                    : redis
                        .send(
                            Request.cmd(Command.HSET)
                                .arg(keyKey(digest.toString()))
                                .arg("last_used_at")
                                .arg(now))
                        .mapEmpty());
  }

  public Future<List<KeyInfo>> listOwnedBy(String owner) {
    return redis
        .send(Request.cmd(Command.SMEMBERS).arg(ownerKey(owner)))
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
        .send(Request.cmd(Command.GET).arg(idKey(id)))
        .compose(
            digest ->
                digest == null
                    ? Future.succeededFuture(null)
                    : redis
                        .send(Request.cmd(Command.HGETALL).arg(keyKey(digest.toString())))
                        .map(ApiKeyStore::toInfo));
  }

  /** Deletes the key; every instance refuses it from the next request on. */
  public Future<Void> revoke(KeyInfo key) {
    return redis
        .send(Request.cmd(Command.GET).arg(idKey(key.id())))
        .compose(
            digest -> {
              List<Request> deletes = new ArrayList<>();
              if (digest != null) {
                deletes.add(Request.cmd(Command.DEL).arg(keyKey(digest.toString())));
              }
              deletes.add(Request.cmd(Command.DEL).arg(idKey(key.id())));
              deletes.add(Request.cmd(Command.SREM).arg(ownerKey(key.owner())).arg(key.id()));
              return IndependentRequests.send(redis, deletes).mapEmpty();
            });
  }

  private String randomId() {
    StringBuilder id = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private String keyKey(String digest) {
    return prefix + ":apikey:" + digest;
  }

  private String idKey(String id) {
    return prefix + ":apikey-id:" + id;
  }

  private String ownerKey(String owner) {
    return prefix + ":user-keys:" + owner;
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
        hash.get("last_used_at") == null ? 0 : hash.get("last_used_at").toLong());
  }
}
