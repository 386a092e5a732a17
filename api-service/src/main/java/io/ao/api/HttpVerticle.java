package io.ao.api;

import io.ao.api.http.InvalidRequests;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(deps.config().http().host())
            .setPort(deps.config().http().port())
            .setTcpNoDelay(true);
    return vertx
        .createHttpServer(options)
        .requestHandler(ApiRouter.create(vertx, deps).router())
        .invalidRequestHandler(InvalidRequests::answer)
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
