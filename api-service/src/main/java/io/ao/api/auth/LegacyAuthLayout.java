package io.ao.api.auth;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves users and keys stored by releases before the {@code {auth}} layout ({@code
 * <p>:user:<name>}, {@code <p>:users}, {@code <p>:user-keys:<name>}, {@code <p>:apikey:<sha256>},
 * {@code <p>:apikey-id:<id>}) to {@link AuthKeys}, at start, before the first admin is ensured.
 *
 * <p>The old keys lie in many Cluster slots, so this is a sequence of commands, not one script. It
 * is safe to repeat and to run on two instances at once: a record is copied only where the new one
 * is absent, and the old one is deleted after. Users keep their passwords and keys; their stamp is
 * {@link CredentialStamps#LEGACY}, so tokens issued before the upgrade stay valid until they expire
 * or the password is reset. Keys of users deleted before the upgrade are left behind unread.
 */
public final class LegacyAuthLayout {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyAuthLayout.class);

  private final Redis redis;
  private final String prefix;
  private final AuthKeys keys;

  public LegacyAuthLayout(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
    this.keys = new AuthKeys(prefix);
  }

  /** Completes with the number of users moved (0 when there was nothing of the old layout). */
  public Future<Integer> migrate() {
    return redis
        .send(Request.cmd(Command.SMEMBERS).arg(prefix + ":users"))
        .compose(
            names -> {
              Future<Integer> moved = Future.succeededFuture(0);
              for (Response name : names) {
                String username = name.toString();
                moved = moved.compose(count -> moveUser(username).map(count + 1));
              }
              return moved;
            })
        .compose(
            moved ->
                moved == 0
                    ? Future.succeededFuture(0)
                    : redis.send(Request.cmd(Command.DEL).arg(prefix + ":users")).map(moved))
        .onSuccess(
            moved -> {
              if (moved > 0) {
                LOG.info("moved {} users and their API keys to the {{auth}} key layout", moved);
              }
            });
  }

  private Future<Void> moveUser(String username) {
    String oldUser = prefix + ":user:" + username;
    String oldKeySet = prefix + ":user-keys:" + username;
    return redis
        .send(Request.cmd(Command.HGETALL).arg(oldUser))
        .compose(
            hash -> {
              if (hash == null || hash.size() == 0 || hash.get("role") == null) {
                return Future.succeededFuture();
              }
              return copyUser(username, hash)
                  .compose(copied -> redis.send(Request.cmd(Command.SMEMBERS).arg(oldKeySet)))
                  .compose(
                      ids -> {
                        Future<Void> keysMoved = Future.succeededFuture();
                        for (Response id : ids) {
                          keysMoved = keysMoved.compose(done -> moveKey(username, id.toString()));
                        }
                        return keysMoved;
                      });
            })
        .compose(
            done -> redis.send(Request.cmd(Command.DEL).arg(oldKeySet).arg(oldUser)).mapEmpty());
  }

  private Future<Void> copyUser(String username, Response hash) {
    String role = hash.get("role").toString();
    List<Request> writes = new ArrayList<>();
    writes.add(copyIfAbsent(keys.user(username), hash));
    writes.add(Request.cmd(Command.SADD).arg(keys.users()).arg(username));
    if (Role.ADMIN.wireName().equals(role)) {
      writes.add(Request.cmd(Command.SADD).arg(keys.admins()).arg(username));
    }
    return sendInOrder(writes);
  }

  private Future<Void> moveKey(String owner, String id) {
    String oldId = prefix + ":apikey-id:" + id;
    return redis
        .send(Request.cmd(Command.GET).arg(oldId))
        .compose(
            digest -> {
              if (digest == null) {
                return Future.succeededFuture();
              }
              String oldRecord = prefix + ":apikey:" + digest;
              return redis
                  .send(Request.cmd(Command.HGETALL).arg(oldRecord))
                  .compose(
                      record ->
                          record == null || record.size() == 0
                              ? Future.succeededFuture()
                              : sendInOrder(
                                  List.of(
                                      copyIfAbsent(keys.apiKey(digest.toString()), record),
                                      Request.cmd(Command.SET)
                                          .arg(keys.apiKeyId(id))
                                          .arg(digest.toString()),
                                      Request.cmd(Command.ZADD)
                                          .arg(keys.userKeys(owner))
                                          .arg("+inf")
                                          .arg(id))))
                  .compose(
                      copied ->
                          redis
                              .send(Request.cmd(Command.DEL).arg(oldRecord).arg(oldId))
                              .mapEmpty());
            });
  }

  /** HSET of every field, as one script-free command guarded by the record's absence. */
  private static Request copyIfAbsent(String key, Response hash) {
    // EVAL rather than EXISTS-then-HSET: two instances migrating at once copy once.
    Request eval =
        Request.cmd(Command.EVAL)
            .arg(
                "if redis.call('EXISTS', KEYS[1]) == 0 then"
                    + " redis.call('HSET', KEYS[1], unpack(ARGV)) end return 1")
            .arg(1)
            .arg(key);
    for (String field : hash.getKeys()) {
      eval.arg(field).arg(hash.get(field).toString());
    }
    return eval;
  }

  private Future<Void> sendInOrder(List<Request> requests) {
    Future<Void> sent = Future.succeededFuture();
    for (Request request : requests) {
      sent = sent.compose(done -> redis.send(request).mapEmpty());
    }
    return sent;
  }
}
