package io.ao.worker.http;

import io.ao.shared.http.SecurityHeaders;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The worker's small HTTP port for its probes and Prometheus: liveness says the process runs;
 * readiness says it is consuming (Redis reachable, not draining). Its answers carry the same
 * security headers as the API's.
 */
public final class WorkerHttpServer {

  /** The paths this server answers; probes and scrape configs must use these. */
  public static final String LIVE = "/health/live";

  public static final String READY = "/health/ready";
  public static final String METRICS = "/metrics";
  public static final List<String> PATHS = List.of(LIVE, READY, METRICS);

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;
  private final Supplier<JsonObject> redis;
  private HttpServer server;

  public WorkerHttpServer(Vertx vertx, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this(vertx, registry, ready, null);
  }

  /**
   * {@code redis}: what readiness shows of Redis (mode, the role of the node reached and, in
   * sentinel mode, the master the Sentinels name); null shows nothing.
   */
  public WorkerHttpServer(
      Vertx vertx,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      Supplier<JsonObject> redis) {
    this.vertx = vertx;
    this.registry = registry;
    this.ready = ready;
    this.redis = redis;
  }

  public Future<HttpServer> listen(String host, int port) {
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              SecurityHeaders.onto(ctx.response(), false);
              ctx.next();
            });
    router.get(LIVE).handler(ctx -> json(ctx, 200, new JsonObject().put("status", "alive")));
    router.get(READY).handler(ctx -> ready(ctx));
    router.get(METRICS).handler(PrometheusScrapingHandler.create(registry));
    router
        .route()
        .handler(
            ctx ->
                problem(
                    ctx,
                    404,
                    "Not Found",
                    "No such resource on the worker: " + ctx.request().path()));
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void ready(RoutingContext ctx) {
    boolean isReady = ready.getAsBoolean();
    JsonObject body = new JsonObject().put("status", isReady ? "ready" : "not_ready");
    if (redis != null) {
      body.put("redis", redis.get());
    }
    json(ctx, isReady ? 200 : 503, body);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private static void problem(RoutingContext ctx, int status, String title, String detail) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(
            new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .encode());
  }
}
