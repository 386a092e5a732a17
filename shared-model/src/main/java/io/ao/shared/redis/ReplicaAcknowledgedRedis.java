package io.ao.shared.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code redis.min_replicas_ack}: every write completes only once Redis confirms that N replicas
 * hold it. The write and a {@code WAIT N timeout} go out as one batch, which the client sends on
 * one connection, so WAIT counts the replicas that reached that connection's last write, the
 * write's own script included. Fewer than N in time fails the write with {@link
 * ReplicaAckTimeoutException}: it is on the master and may or may not survive a failover, so the
 * caller answers 503 and a retry with the same request id (Idempotency-Key) finds it or makes it.
 *
 * <p>Redis replication is asynchronous: without this, a write the master acknowledged and had not
 * yet sent to a replica is gone once Sentinel promotes that replica, and so is a write taken by an
 * old master that came back before the clients moved on (it has no replica to confirm it). WAIT
 * does not make Redis strongly consistent: Sentinel may still promote a replica that did not
 * confirm, though it prefers the one with the highest replication offset.
 *
 * <p>Commands known to only read go straight through; any other command is treated as a write (a
 * read mistaken for a write only costs a WAIT). Connections handed out by {@link #connect()} are
 * the caller's: the worker's blocking reader, which needs none.
 */
public final class ReplicaAcknowledgedRedis implements Redis {

  private static final Set<String> READS =
      Set.of(
          "get",
          "mget",
          "strlen",
          "exists",
          "ttl",
          "pttl",
          "type",
          "hget",
          "hmget",
          "hgetall",
          "hexists",
          "hlen",
          "hkeys",
          "hvals",
          "smembers",
          "sismember",
          "scard",
          "zcard",
          "zscore",
          "zrank",
          "zrevrank",
          "zcount",
          "zrange",
          "zrevrange",
          "zrangebyscore",
          "zrevrangebyscore",
          "xlen",
          "xrange",
          "xrevrange",
          "xinfo",
          "xpending",
          "ping",
          "info",
          "role",
          "time",
          "dbsize",
          "scan",
          "hscan",
          "zscan",
          "sscan",
          "evalsha_ro",
          "eval_ro",
          "wait",
          "echo",
          "object",
          "memory",
          "lrange",
          "llen");

  private final Redis delegate;
  private final int replicas;
  private final long timeoutMs;

  private ReplicaAcknowledgedRedis(Redis delegate, int replicas, long timeoutMs) {
    this.delegate = delegate;
    this.replicas = replicas;
    this.timeoutMs = timeoutMs;
  }

  /** {@code delegate} itself when {@code replicas} is 0 (today's behaviour, no WAIT). */
  public static Redis wrap(Redis delegate, int replicas, long timeoutMs) {
    return replicas == 0 ? delegate : new ReplicaAcknowledgedRedis(delegate, replicas, timeoutMs);
  }

  static boolean isRead(Request request) {
    return READS.contains(request.command().toString().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public Future<RedisConnection> connect() {
    return delegate.connect();
  }

  @Override
  public Future<Response> send(Request command) {
    if (isRead(command)) {
      return delegate.send(command);
    }
    return delegate
        .batch(List.of(command, waitRequest()))
        .recover(ReplicaAcknowledgedRedis::asSent)
        .compose(replies -> acknowledged(replies.get(1)).map(ok -> replies.get(0)));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    if (commands.stream().allMatch(ReplicaAcknowledgedRedis::isRead)) {
      return delegate.batch(commands);
    }
    List<Request> withWait = new ArrayList<>(commands);
    withWait.add(waitRequest());
    return delegate
        .batch(withWait)
        .recover(ReplicaAcknowledgedRedis::asSent)
        .compose(
            replies ->
                acknowledged(replies.get(replies.size() - 1))
                    .map(ok -> new ArrayList<>(replies.subList(0, replies.size() - 1))));
  }

  /**
   * A batch fails as a whole with "ERR [i] <reply>" per failed command (the client's standalone
   * connection, which also strips each reply's own "ERR "). Callers read the reply of the command
   * they sent (NOSCRIPT makes LuaScript fall back to EVAL, CONNECTION_CLOSED or OOM become a 503),
   * so the first failed command's reply is given back as the failure, as a send would have. A
   * connection that failed under the batch appears there only as an exception's class name: it
   * becomes CONNECTION_CLOSED, the reply a send on a dropped connection gets.
   */
  static <T> Future<T> asSent(Throwable failure) {
    Matcher batch = BATCH_ERROR.matcher(String.valueOf(failure.getMessage()));
    if (!(failure instanceof ErrorType) || !batch.lookingAt()) {
      return Future.failedFuture(failure);
    }
    String reply = batch.group(1);
    if (JAVA_EXCEPTION.matcher(reply).lookingAt()) {
      // not a reply: the connection failed under the batch (closed, reset), which the batch
      // reports by the exception's name only
      return Future.failedFuture(ErrorType.create("CONNECTION_CLOSED " + reply));
    }
    return Future.failedFuture(
        ErrorType.create(ERROR_CODE.matcher(reply).lookingAt() ? reply : "ERR " + reply));
  }

  private static final Pattern JAVA_EXCEPTION =
      Pattern.compile("[a-z][\\w$]*(\\.[\\w$]+)+(Exception|Error)\\b");

  private static final Pattern BATCH_ERROR = Pattern.compile("ERR \\[\\d+\\] (\\S[^\\r\\n]*)");
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Z_]+(\\s|$)");

  private Request waitRequest() {
    return Request.cmd(Command.WAIT).arg(replicas).arg(timeoutMs);
  }

  private Future<Void> acknowledged(Response waited) {
    long confirmed = waited == null ? 0 : waited.toLong();
    if (confirmed >= replicas) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new ReplicaAckTimeoutException(replicas, confirmed, timeoutMs));
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
