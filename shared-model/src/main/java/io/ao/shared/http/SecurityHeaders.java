package io.ao.shared.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * Headers every response of either service carries, the API's and the worker's port alike: no MIME
 * sniffing, no framing, no referrer leaks, no caching, and a strict Content-Security-Policy. The
 * API's docs page alone gets a policy that lets it load its scripts and styles from its own origin
 * (Swagger UI needs inline styles and data: images) and may be cached for five minutes. The
 * operator console gets the narrowest policy that lets a page run at all: its own scripts, styles
 * and images and calls to its own origin; no inline script or style, no eval, no frames, no forms
 * that post anywhere (the API's policy, default-src 'none', would block the page's own files).
 */
public final class SecurityHeaders {

  public static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  public static final String DOCS_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
          + "form-action 'none'";

  public static final String CONSOLE_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Which policy a response gets. */
  public enum Page {
    API,
    DOCS,
    CONSOLE
  }

  private SecurityHeaders() {}

  /** Puts the headers of the given kind of page on {@code response}. */
  public static HttpServerResponse onto(HttpServerResponse response, Page page) {
    onto(response, page == Page.DOCS);
    if (page == Page.CONSOLE) {
      response.putHeader("Content-Security-Policy", CONSOLE_CSP);
    }
    return response;
  }

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
