package io.ao.api.metrics;

import io.ao.api.http.ProblemException;
import io.ao.api.http.ProblemRenderer;
import io.ao.api.http.RequestIds;
import io.ao.api.http.SecurityHeaderRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * /metrics on a port of its own ({@code monitoring.metrics_port}), so the API port, which the
 * ingress exposes, does not serve it at all, and a NetworkPolicy can open this port to Prometheus
 * alone. One server for the process: a scrape is rare and cheap to route.
 */
public final class MetricsServer {

  private static final int IDLE_TIMEOUT_SECONDS = 60;

  private final Vertx vertx;
  private HttpServer server;

  public MetricsServer(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<MetricsServer> listen(
      String host,
      int port,
      MetricsAccess access,
      PrometheusEndpoint prometheus,
      BooleanSupplier redisUp) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::assign);
    router.route().handler(SecurityHeaderRoute::apply);
    router.route().failureHandler(new ProblemRenderer(redisUp)::handle);
    router.get("/metrics").handler(access.guarding(prometheus::handle));
    router
        .route()
        .handler(
            ctx ->
                ctx.fail(
                    ProblemException.notFound(
                        "This port serves only /metrics, not " + ctx.request().path())));
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .map(
            listening -> {
              server = listening;
              return this;
            });
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
