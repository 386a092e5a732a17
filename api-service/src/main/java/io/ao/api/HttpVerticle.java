package io.ao.api;

import io.ao.api.http.ConnectionGuard;
import io.ao.api.http.InvalidRequests;
import io.ao.shared.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** One HTTP server instance; ApiMain deploys one per event loop, all sharing the port. */
public final class HttpVerticle extends VerticleBase {

  private final ApiDependencies deps;
  private HttpServer server;

  public HttpVerticle(ApiDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    HttpConfig http = deps.config().http();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(http.host())
            .setPort(http.port())
            .setTcpNoDelay(true)
            .setIdleTimeout(http.idleTimeoutSeconds())
            // No cleartext HTTP/2: with it on, Vert.x holds each new connection until its first
            // bytes tell HTTP/2's preface from HTTP/1.1, and only then calls the connection
            // handler; a connection that sends nothing would never be counted, capped or given a
            // head deadline. Clients speak HTTP/1.1 here (HTTP/2 ends at the ingress), and an
            // "Upgrade: h2c" request is simply answered in HTTP/1.1.
            .setHttp2ClearTextEnabled(false);
    ConnectionGuard guard =
        new ConnectionGuard(
            vertx, deps.connectionLimits(), http.requestHeadTimeoutMs(), deps.meterRegistry());
    Router router = ApiRouter.create(vertx, deps).router();
    // ahead of every other route, so each response's end re-arms its connection's head deadline
    router.route().order(-1).handler(guard::untilResponseEnds);
    return vertx
        .createHttpServer(options)
        .connectionHandler(guard::opened)
        .requestHandler(guard.onHead(router))
        .invalidRequestHandler(guard.onHead(InvalidRequests::answer))
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /**
   * Graceful: requests in flight get {@code http.shutdown_grace_ms} to finish, idle connections
   * close. The port's listener, shared by every HTTP verticle, closes with the last of them; from
   * then on connections are refused, so clients go to another instance. (A connection accepted once
   * this instance's shutdown began, before its request was read, counts as idle: RELIABILITY.md,
   * chaos suite.)
   */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(deps.config().http().shutdownGraceMs(), TimeUnit.MILLISECONDS);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
