package io.ao.api.http;

import io.ao.shared.http.SecurityHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the headers of {@link SecurityHeaders} (shared with the worker's port) on every response of
 * the router; the docs page gets its own policy.
 */
public final class SecurityHeaderRoute {

  private SecurityHeaderRoute() {}

  public static void apply(RoutingContext ctx) {
    boolean docs = ctx.request().path().startsWith("/docs");
    SecurityHeaders.onto(ctx.response(), docs);
    ctx.next();
  }
}
