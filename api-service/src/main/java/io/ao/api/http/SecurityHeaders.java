package io.ao.api.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries: no MIME sniffing, no framing, no referrer leaks, and a strict
 * Content-Security-Policy (the docs page loads its scripts and styles from this origin only;
 * Swagger UI needs inline styles and data: images).
 */
public final class SecurityHeaders {

  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  static final String DOCS_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
          + "form-action 'none'";

  private SecurityHeaders() {}

  public static void apply(RoutingContext ctx) {
    boolean docs = ctx.request().path().startsWith("/docs");
    onto(ctx.response(), docs);
    ctx.next();
  }

  /**
   * The headers on one response; also for answers no route gives (InvalidRequests: 400, 414, 431),
   * which must not be the one kind of response without them.
   */
  static HttpServerResponse onto(HttpServerResponse response, boolean docs) {
    return response
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", docs ? "public, max-age=300" : "no-store")
        .putHeader("Content-Security-Policy", docs ? DOCS_CSP : API_CSP);
  }
}
