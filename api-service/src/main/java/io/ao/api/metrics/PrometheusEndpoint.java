package io.ao.api.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /metrics. Rendering the registry takes milliseconds, too long for an event loop, so it runs
 * on a worker thread; and the text is reused while it is younger than {@code maxAgeMs} (Prometheus
 * scrapes every 15 s or more; the seed's mix asks 50 times a minute), with one rendering at a time
 * however many scrapes arrive together.
 */
public final class PrometheusEndpoint {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final long maxAgeMs;
  private Rendered latest;
  private Future<Rendered> rendering;

  public PrometheusEndpoint(Vertx vertx, PrometheusMeterRegistry registry, long maxAgeMs) {
    this.vertx = vertx;
    this.registry = registry;
    this.maxAgeMs = maxAgeMs;
  }

  public void handle(RoutingContext ctx) {
    Context context = vertx.getOrCreateContext();
    text()
        .onComplete(
            rendered ->
                context.runOnContext(
                    v -> {
                      if (rendered.failed()) {
                        ctx.fail(rendered.cause());
                        return;
                      }
                      ctx.response()
                          .putHeader("Content-Type", CONTENT_TYPE)
                          .end(rendered.result().text());
                    }));
  }

  /** Shared by every HTTP verticle (each on its own event loop), hence synchronized. */
  private synchronized Future<Rendered> text() {
    long now = System.currentTimeMillis();
    if (latest != null && now - latest.renderedAt() < maxAgeMs) {
      return Future.succeededFuture(latest);
    }
    if (rendering != null) {
      return rendering;
    }
    Future<Rendered> render =
        vertx.executeBlocking(
            () -> new Rendered(registry.scrape(), System.currentTimeMillis()), false);
    // assigned before the listener is attached: on a future that is already complete the
    // listener runs at once, and must find this rendering to clear it
    rendering = render;
    render.onComplete(done -> finished(render, done.succeeded() ? done.result() : null));
    return render;
  }

  private synchronized void finished(Future<Rendered> render, Rendered rendered) {
    if (rendered != null) {
      latest = rendered;
    }
    if (rendering == render) {
      rendering = null;
    }
  }

  private record Rendered(String text, long renderedAt) {}
}
