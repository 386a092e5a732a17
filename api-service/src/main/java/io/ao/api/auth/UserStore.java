package io.ao.api.auth;

import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Users in Redis (see {@link AuthKeys}). Each change is one script: creation is atomic, so two API
 * instances starting together cannot both create the first admin; deletion revokes the user's keys
 * and refuses the last admin; a password reset changes the user's credential stamp, which every
 * token carries, and revokes the user's keys.
 */
public final class UserStore {

  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private static final String HELPERS = "/io/ao/api/auth/revoke_keys.lua";
  private static final LuaScript CREATE =
      LuaScript.withHelpers(HELPERS, "/io/ao/api/auth/user_create.lua");
  private static final LuaScript DELETE =
      LuaScript.withHelpers(HELPERS, "/io/ao/api/auth/user_delete.lua");
  private static final LuaScript SET_PASSWORD =
      LuaScript.withHelpers(HELPERS, "/io/ao/api/auth/user_password.lua");
  private static final LuaScript REPLACE_HASH =
      LuaScript.fromClasspath("/io/ao/api/auth/user_rehash.lua");

  private final Redis redis;
  private final AuthKeys keys;

  public UserStore(Redis redis, AuthKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public record StoredUser(
      String username, Role role, String passwordHash, long createdAt, String stamp) {
    public JsonObject toPublicJson() {
      return new JsonObject()
          .put("username", username)
          .put("role", role.wireName())
          .put("created_at", createdAt);
    }
  }

  /** What deleting a user did. */
  public enum Deletion {
    DELETED,
    NO_SUCH_USER,
    LAST_ADMIN,
    ACTOR_GONE;

    static Deletion fromReply(Response reply) {
      return switch (reply.toInteger()) {
        case 1 -> DELETED;
        case 0 -> NO_SUCH_USER;
        case -1 -> LAST_ADMIN;
        case -2 -> ACTOR_GONE;
        default -> throw new IllegalStateException("user_delete answered " + reply);
      };
    }
  }

  /** Creates the user unless the name is taken; completes with false when it is. */
  public Future<Boolean> create(String username, Role role, String passwordHash) {
    return CREATE
        .run(
            redis,
            List.of(keys.user(username), keys.users(), keys.admins(), keys.userKeys(username)),
            List.of(
                username,
                role.wireName(),
                passwordHash,
                Long.toString(System.currentTimeMillis()),
                CredentialStamps.newStamp(),
                keys.apiKeyPrefix(),
                keys.apiKeyIdPrefix()))
        .map(reply -> reply.toInteger() == 1);
  }

  public Future<StoredUser> find(String username) {
    if (!USERNAME.matcher(username).matches()) {
      return Future.succeededFuture(null);
    }
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.user(username))).map(UserStore::toUser);
  }

  public Future<List<StoredUser>> list() {
    return redis
        .send(Request.cmd(Command.SMEMBERS).arg(keys.users()))
        .compose(
            names -> {
              List<Future<StoredUser>> reads = new ArrayList<>();
              names.forEach(name -> reads.add(find(name.toString())));
              return Future.all(reads)
                  .map(
                      all -> {
                        List<StoredUser> users = new ArrayList<>();
                        reads.forEach(
                            read -> {
                              if (read.result() != null) {
                                users.add(read.result());
                              }
                            });
                        users.sort(Comparator.comparing(StoredUser::username));
                        return users;
                      });
            });
  }

  public Future<Long> count() {
    return redis.send(Request.cmd(Command.SCARD).arg(keys.users())).map(Response::toLong);
  }

  /**
   * Deletes the user and revokes every key of theirs. {@code actor} is the user asking, who must
   * still exist when the script runs (null with auth off).
   */
  public Future<Deletion> delete(String username, String actor) {
    return DELETE
        .run(
            redis,
            List.of(
                keys.users(),
                keys.admins(),
                keys.user(username),
                keys.userKeys(username),
                keys.user(actor == null ? username : actor)),
            List.of(username, keys.apiKeyPrefix(), keys.apiKeyIdPrefix(), actor == null ? "" : "1"))
        .map(Deletion::fromReply);
  }

  /**
   * Replaces a stored hash with a new hash of the same password (no stamp change, nothing revoked),
   * only while the stored hash is still {@code expected}: false when it was changed or the user is
   * gone.
   */
  public Future<Boolean> replaceHash(String username, String expected, String fresh) {
    return REPLACE_HASH
        .run(redis, List.of(keys.user(username)), List.of(expected, fresh))
        .map(reply -> reply.toInteger() == 1);
  }

  /** Replaces the password and revokes the user's tokens and keys; false when no such user. */
  public Future<Boolean> setPassword(String username, String passwordHash) {
    return SET_PASSWORD
        .run(
            redis,
            List.of(keys.user(username), keys.userKeys(username)),
            List.of(
                passwordHash,
                CredentialStamps.newStamp(),
                keys.apiKeyPrefix(),
                keys.apiKeyIdPrefix()))
        .map(reply -> reply.toInteger() == 1);
  }

  static StoredUser toUser(Response hash) {
    if (hash == null || hash.size() == 0 || hash.get("role") == null) {
      return null;
    }
    Role role = Role.fromWire(hash.get("role").toString()).orElse(null);
    if (role == null) {
      return null;
    }
    return new StoredUser(
        hash.get("username").toString(),
        role,
        hash.get("password_hash").toString(),
        hash.get("created_at") == null ? 0 : hash.get("created_at").toLong(),
        hash.get("stamp") == null ? CredentialStamps.LEGACY : hash.get("stamp").toString());
  }
}
