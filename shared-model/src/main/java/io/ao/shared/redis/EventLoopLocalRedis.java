package io.ao.shared.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Redis client per Vert.x context (each HTTP verticle has its own event loop): every command goes
 * out on a connection owned by the caller's event loop. One client shared by several verticles
 * hands each reply from the connection's loop to the caller's loop, a thread hop and a wake-up per
 * command, which cost the API a quarter of its throughput.
 */
public final class EventLoopLocalRedis implements Redis {

  private final Vertx vertx;
  private final RedisOptions options;
  private final Map<Thread, Redis> clients = new ConcurrentHashMap<>();
  private final Redis outsideContexts;

  public EventLoopLocalRedis(Vertx vertx, RedisOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.outsideContexts = SharedConnectionRedis.create(vertx, options);
  }

  /**
   * Keyed by event-loop thread, not by context: Vert.x gives each HTTP request a context of its own
   * (a duplicate of the verticle's), and a client per request would open connections without bound.
   */
  private Redis client() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return outsideContexts;
    }
    return clients.computeIfAbsent(
        Thread.currentThread(),
        loop ->
            SharedConnectionRedis.create(
                vertx,
                new RedisOptions(options)
                    .setPoolName(options.getPoolName() + "-" + loop.getName())));
  }

  @Override
  public Future<RedisConnection> connect() {
    return client().connect();
  }

  @Override
  public Future<Response> send(Request command) {
    return client().send(command);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return client().batch(commands);
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    clients.values().forEach(client -> closing.add(client.close()));
    closing.add(outsideContexts.close());
    return Future.join(new ArrayList<>(closing)).mapEmpty();
  }
}
