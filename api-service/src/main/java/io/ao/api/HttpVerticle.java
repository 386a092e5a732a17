package io.ao.api;

import io.ao.api.http.InvalidRequests;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server instance; ApiMain deploys one per event loop, all sharing the port. */
public final class HttpVerticle extends VerticleBase {

  private final ApiDependencies deps;
  private HttpServer server;

  public HttpVerticle(ApiDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
      .setHost(deps.config().http().host())
      .setPort(deps.config().http().port())
      .setTcpNoDelay(true);
    return vertx.createHttpServer(options)
      .requestHandler(ApiRouter.create(vertx, deps).router())
      .invalidRequestHandler(InvalidRequests::answer)
      .listen()
      .onSuccess(listening -> server = listening);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
