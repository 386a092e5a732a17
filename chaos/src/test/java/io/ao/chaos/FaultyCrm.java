package io.ao.chaos;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRM the worker syncs to, with the faults a real one has: slow answers, 500s, and a port
 * nobody listens on. It honours Idempotency-Key like a good CRM, and keeps what the suite needs for
 * its verdict: which CRM leads were created for which email. Two CRM leads for one email would be a
 * side effect run twice (the worker used two keys for one lead).
 */
final class FaultyCrm {

  enum Mode {
    NORMAL,
    SLOW,
    FAILING
  }

  private static final long SLOW_ANSWER_MS = 5_000;
  // A real CRM takes a while too; with instant answers a killed worker would rarely die mid-call.
  private static final long NORMAL_ANSWER_MS = 50;

  private final Vertx vertx;
  private final int port;
  private final Map<String, String> crmIdByKey = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> crmIdsByEmail = new ConcurrentHashMap<>();
  private final AtomicInteger createRequests = new AtomicInteger();
  private final AtomicInteger repeatedKeys = new AtomicInteger();
  private final AtomicInteger failedOnPurpose = new AtomicInteger();
  private volatile Mode mode = Mode.NORMAL;
  private HttpServer server;

  FaultyCrm(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Listens (again) on the same port, so a worker's configured URL stays right. */
  synchronized Future<Void> up() {
    if (server != null) {
      return Future.succeededFuture();
    }
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/api/leads").handler(this::create);
    router
        .put("/api/leads/:id")
        .handler(ctx -> answer(ctx, 200, new JsonObject().put("id", ctx.pathParam("id"))));
    router.delete("/api/leads/:id").handler(ctx -> answer(ctx, 204, null));
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, "127.0.0.1")
        .onSuccess(
            listening -> {
              synchronized (this) {
                server = listening;
              }
            })
        .mapEmpty();
  }

  /** Stops listening: connections are refused until {@link #up()}. */
  synchronized Future<Void> down() {
    HttpServer closing = server;
    server = null;
    return closing == null ? Future.succeededFuture() : closing.close();
  }

  int createRequests() {
    return createRequests.get();
  }

  /** Creates that came again with a key already seen: at-least-once delivery, absorbed here. */
  int repeatedKeys() {
    return repeatedKeys.get();
  }

  int failedOnPurpose() {
    return failedOnPurpose.get();
  }

  int leadsCreated() {
    return crmIdByKey.size();
  }

  /** Emails for which the CRM holds more than one lead. */
  long emailsWithDuplicateLeads() {
    return crmIdsByEmail.values().stream().filter(ids -> ids.size() > 1).count();
  }

  boolean hasLeadFor(String email) {
    return crmIdsByEmail.containsKey(email);
  }

  private void create(RoutingContext ctx) {
    createRequests.incrementAndGet();
    if (mode == Mode.FAILING) {
      failedOnPurpose.incrementAndGet();
      answer(ctx, 500, new JsonObject().put("error", "CRM temporarily unavailable"));
      return;
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    JsonObject body = ctx.body().asJsonObject();
    String[] created = {null};
    String crmId =
        key == null
            ? UUID.randomUUID().toString()
            : crmIdByKey.computeIfAbsent(key, k -> created[0] = UUID.randomUUID().toString());
    if (key != null && created[0] == null) {
      repeatedKeys.incrementAndGet();
    }
    String email = body == null ? "" : body.getString("email", "");
    crmIdsByEmail.computeIfAbsent(email, e -> ConcurrentHashMap.newKeySet()).add(crmId);
    JsonObject reply = new JsonObject().put("id", crmId);
    // the lead exists now; in SLOW mode the caller hears of it only after its own timeout
    vertx.setTimer(
        mode == Mode.SLOW ? SLOW_ANSWER_MS : NORMAL_ANSWER_MS, t -> answer(ctx, 201, reply));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body == null ? "" : body.encode())
        .onFailure(callerGone -> {});
  }
}
