package io.ao.worker.crm.standin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part every provider's stand-in shares: a real HTTP server on loopback that records each
 * request and can be told to answer the next ones with a given status, headers and body (a 429, a
 * limit error) before its normal handling. The subclasses follow the provider's public API docs.
 */
public abstract class StandInServer {

  /** A request as it arrived. */
  public record Received(
      String method, String path, String query, String authorization, String body) {

    public JsonObject json() {
      return body == null || body.isEmpty() ? null : new JsonObject(body);
    }
  }

  /** An answer to give instead of the normal one, to a request of {@code method} (null: any). */
  public record Scripted(String method, int status, Map<String, String> headers, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Scripted> scripted = new ArrayDeque<>();
  private HttpServer server;

  public Future<Void> start(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(this::record);
    routes(router);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            started -> {
              server = started;
              return null;
            });
  }

  protected abstract void routes(Router router);

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<Received> received() {
    return received;
  }

  public synchronized void answerNext(int status, Map<String, String> headers, String body) {
    scripted.add(new Scripted(null, status, headers, body));
  }

  /** The next request with this method gets this answer; others are handled normally. */
  public synchronized void answerNext(
      String method, int status, Map<String, String> headers, String body) {
    scripted.add(new Scripted(method, status, headers, body));
  }

  public void reset() {
    received.clear();
    synchronized (this) {
      scripted.clear();
    }
    clear();
  }

  protected abstract void clear();

  private void record(RoutingContext ctx) {
    received.add(
        new Received(
            ctx.request().method().name(),
            ctx.request().path(),
            ctx.request().query(),
            ctx.request().getHeader("Authorization"),
            ctx.body().asString()));
    Scripted next;
    synchronized (this) {
      next = scripted.peek();
      if (next != null
          && (next.method() == null || next.method().equals(ctx.request().method().name()))) {
        scripted.poll();
      } else {
        next = null;
      }
    }
    if (next == null) {
      ctx.next();
      return;
    }
    next.headers().forEach(ctx.response()::putHeader);
    ctx.response()
        .setStatusCode(next.status())
        .putHeader("Content-Type", "application/json")
        .end(next.body());
  }

  protected static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body == null ? "" : io.vertx.core.json.Json.encode(body));
  }
}
