package io.ao.api.auth;

import io.ao.shared.redis.IndependentRequests;
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
 * Users in Redis: a hash per user ({@code <prefix>:user:<name>}: role, password_hash, created_at)
 * and a set of names. Creation is atomic (HSETNX on the hash), so two API instances starting
 * together cannot both create the first admin.
 */
public final class UserStore {

  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final Redis redis;
  private final String prefix;

  public UserStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  public record StoredUser(String username, Role role, String passwordHash, long createdAt) {
    public JsonObject toPublicJson() {
      return new JsonObject()
          .put("username", username)
          .put("role", role.wireName())
          .put("created_at", createdAt);
    }
  }

  /** Creates the user unless the name is taken; completes with false when it is. */
  public Future<Boolean> create(String username, Role role, String passwordHash) {
    String key = userKey(username);
    return redis
        .send(Request.cmd(Command.HSETNX).arg(key).arg("password_hash").arg(passwordHash))
        .compose(
            created -> {
              if (created.toInteger() == 0) {
                return Future.succeededFuture(false);
              }
              return IndependentRequests.send(
                      redis,
                      List.of(
                          Request.cmd(Command.HSET)
                              .arg(key)
                              .arg("username")
                              .arg(username)
                              .arg("role")
                              .arg(role.wireName())
                              .arg("created_at")
                              .arg(System.currentTimeMillis()),
                          Request.cmd(Command.SADD).arg(usersKey()).arg(username)))
                  .map(true);
            });
  }

  public Future<StoredUser> find(String username) {
    if (!USERNAME.matcher(username).matches()) {
      return Future.succeededFuture(null);
    }
    return redis.send(Request.cmd(Command.HGETALL).arg(userKey(username))).map(UserStore::toUser);
  }

  public Future<List<StoredUser>> list() {
    return redis
        .send(Request.cmd(Command.SMEMBERS).arg(usersKey()))
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
    return redis.send(Request.cmd(Command.SCARD).arg(usersKey())).map(Response::toLong);
  }

  public Future<Boolean> delete(String username) {
    return IndependentRequests.send(
            redis,
            List.of(
                Request.cmd(Command.DEL).arg(userKey(username)),
                Request.cmd(Command.SREM).arg(usersKey()).arg(username)))
        .map(replies -> replies.get(0).toInteger() == 1);
  }

  /** Replaces the password of an existing user; false when there is no such user. */
  public Future<Boolean> setPassword(String username, String passwordHash) {
    String key = userKey(username);
    return redis
        .send(Request.cmd(Command.EXISTS).arg(key))
        .compose(
            exists ->
                exists.toInteger() == 0
                    ? Future.succeededFuture(false)
                    : redis
                        .send(
                            Request.cmd(Command.HSET)
                                .arg(key)
                                .arg("password_hash")
                                .arg(passwordHash))
                        .map(true));
  }

  private String userKey(String username) {
    return prefix + ":user:" + username;
  }

  private String usersKey() {
    return prefix + ":users";
  }

  private static StoredUser toUser(Response hash) {
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
        hash.get("created_at") == null ? 0 : hash.get("created_at").toLong());
  }
}
