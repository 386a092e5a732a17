package io.ao.shared.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * Headers every response of either service carries, the API's and the worker's port alike: no MIME
 * sniffing, no framing, no referrer leaks, no caching, and a strict Content-Security-Policy. The
 * API's docs page alone gets a policy that lets it load its scripts and styles from its own origin
 * (Swagger UI needs inline styles and data: images) and may be cached for five minutes.
 */
public final class SecurityHeaders {

  public static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  public static final String DOCS_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
          + "form-action 'none'";

  private SecurityHeaders() {}

  /** Puts the headers on {@code response}; {@code docs} for the API's docs page. */
  public static HttpServerResponse onto(HttpServerResponse response, boolean docs) {
    return response
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", docs ? "public, max-age=300" : "no-store")
        .putHeader("Content-Security-Policy", docs ? DOCS_CSP : API_CSP);
  }
}
