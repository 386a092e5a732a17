package io.ao.shared.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * A cluster client that sends every command over one long-lived cluster connection (one socket per
 * node, commands pipelined), reopened when it breaks.
 *
 * <p>Why: the Vert.x cluster client's {@code send()} opens a cluster connection per command, and a
 * cluster connection takes a pooled connection from every node's pool. With more commands in flight
 * than a pool holds, each command holds some nodes' connections while waiting for the others':
 * 10,000 concurrent enqueues stalled until the pool's wait timed out. {@link #connect()} still
 * hands out a connection of its own (blocking reads need one).
 */
public final class SharedConnectionRedis implements Redis {

  private final Redis client;
  private Future<RedisConnection> connection;

  private SharedConnectionRedis(Redis client) {
    this.client = client;
  }

  /** The client for {@code options}: this wrapper in cluster mode, the plain client otherwise. */
  public static Redis create(Vertx vertx, RedisOptions options) {
    if (options.getType() != RedisClientType.CLUSTER) {
      return Redis.createClient(vertx, options);
    }
    // the commands a pool would have let wait for a connection now wait for replies on this one;
    // the shared connection holds one connection of each node's pool, the client's reloads of its
    // slot map need another (see RedisClientOptions.forHeldConnections)
    RedisOptions pipelined =
        new RedisOptions(options)
            .setMaxPoolSize(Math.max(2, options.getMaxPoolSize()))
            .setMaxWaitingHandlers(
                Math.max(options.getMaxWaitingHandlers(), options.getMaxPoolWaiting()));
    return new SharedConnectionRedis(Redis.createClient(vertx, pipelined));
  }

  private synchronized Future<RedisConnection> connection() {
    if (connection == null || connection.failed()) {
      Future<RedisConnection> opening = client.connect();
      connection = opening;
      opening.onSuccess(
          conn -> {
            conn.exceptionHandler(failure -> drop(opening));
            conn.endHandler(ended -> drop(opening));
          });
    }
    return connection;
  }

  private synchronized void drop(Future<RedisConnection> broken) {
    if (connection == broken) {
      connection = null;
      broken.onSuccess(RedisConnection::close);
    }
  }

  @Override
  public Future<RedisConnection> connect() {
    return client.connect();
  }

  @Override
  public Future<Response> send(Request command) {
    return connection().compose(conn -> conn.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return connection().compose(conn -> conn.batch(commands));
  }

  @Override
  public Future<Void> close() {
    Future<RedisConnection> current;
    synchronized (this) {
      current = connection;
      connection = null;
    }
    Future<Void> closing =
        current == null
            ? Future.succeededFuture()
            : current.compose(RedisConnection::close).otherwiseEmpty();
    return closing.eventually(() -> client.close());
  }
}
