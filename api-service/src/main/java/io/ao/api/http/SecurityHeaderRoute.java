package io.ao.api.http;

import io.ao.shared.http.SecurityHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the headers of {@link SecurityHeaders} (shared with the worker's port) on every response of
 * the router; the docs page and the operator console get their own policies.
 */
public final class SecurityHeaderRoute {

  private SecurityHeaderRoute() {}

  public static void apply(RoutingContext ctx) {
    String path = ctx.request().path();
    SecurityHeaders.Page page =
        path.startsWith("/docs")
            ? SecurityHeaders.Page.DOCS
            : path.equals("/console") || path.startsWith("/console/")
                ? SecurityHeaders.Page.CONSOLE
                : SecurityHeaders.Page.API;
    SecurityHeaders.onto(ctx.response(), page);
    ctx.next();
  }
}
