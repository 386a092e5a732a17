package io.ao.system.support;

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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the CRM: records every request, honours Idempotency-Key on
 * create (a repeat answers the first lead, creating nothing), and can be told to answer the next
 * requests with given statuses.
 */
public final class CrmStandIn {

  public record Received(
      String method, String path, String idempotencyKey, String authorization, JsonObject body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, String> createdByKey = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> leads = new ConcurrentHashMap<>();
  private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
  private volatile Runnable beforeFirstCreateAnswer;
  private volatile long holdNextMs;
  private HttpServer server;

  public Future<CrmStandIn> start(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(this::record);
    router.post("/api/leads").handler(this::create);
    router.put("/api/leads/:id").handler(this::update);
    router.delete("/api/leads/:id").handler(this::delete);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return this;
            });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /**
   * The next requests get these statuses (a 4xx/5xx with a message body) instead of normal
   * handling.
   */
  public synchronized void answerNext(Integer... statuses) {
    scriptedStatuses.addAll(List.of(statuses));
  }

  /** The next request is answered only after {@code ms} (a CRM call still under way). */
  public void holdNext(long ms) {
    holdNextMs = ms;
  }

  /** Runs once, when the first create arrives, before it is answered (e.g. to kill the caller). */
  public void beforeFirstCreateAnswer(Runnable action) {
    this.beforeFirstCreateAnswer = action;
  }

  public List<Received> received() {
    return received;
  }

  public Map<String, JsonObject> leads() {
    return leads;
  }

  private void record(RoutingContext ctx) {
    JsonObject body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    received.add(
        new Received(
            ctx.request().method().name(),
            ctx.request().path(),
            ctx.request().getHeader("Idempotency-Key"),
            ctx.request().getHeader("Authorization"),
            body));
    long hold = holdNextMs;
    if (hold > 0) {
      holdNextMs = 0;
      ctx.vertx().setTimer(hold, id -> answer(ctx));
      return;
    }
    answer(ctx);
  }

  private void answer(RoutingContext ctx) {
    Integer scripted;
    synchronized (this) {
      scripted = scriptedStatuses.poll();
    }
    if (scripted != null) {
      ctx.response()
          .setStatusCode(scripted)
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put(
                      "error",
                      scripted >= 500 ? "CRM temporarily unavailable" : "email is not acceptable")
                  .encode());
      return;
    }
    ctx.next();
  }

  private void create(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    String id =
        key == null
            ? UUID.randomUUID().toString()
            : createdByKey.computeIfAbsent(key, k -> UUID.randomUUID().toString());
    leads.putIfAbsent(id, ctx.body().asJsonObject());
    Runnable hook = beforeFirstCreateAnswer;
    beforeFirstCreateAnswer = null;
    if (hook != null) {
      hook.run();
      // answer only once the caller is surely gone: the lead exists, the caller never hears of it
      ctx.vertx()
          .setTimer(
              300,
              id2 ->
                  ctx.response()
                      .setStatusCode(201)
                      .putHeader("Content-Type", "application/json")
                      .end(new JsonObject().put("id", id).encode())
                      .onFailure(ignored -> {}));
      return;
    }
    ctx.response()
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", id).encode());
  }

  private void update(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!leads.containsKey(id)) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    leads.put(id, ctx.body().asJsonObject());
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", id).encode());
  }

  private void delete(RoutingContext ctx) {
    ctx.response().setStatusCode(leads.remove(ctx.pathParam("id")) == null ? 404 : 204).end();
  }
}
