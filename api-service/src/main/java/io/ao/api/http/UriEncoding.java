package io.ao.api.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a URI whose percent-encoding is broken ('%' not followed by two hex digits) with a 400
 * before any route decodes it: left alone, the router's path-parameter decoding and the query
 * parser throw, and the caller got an empty 400 or a 500.
 */
public final class UriEncoding {

  private UriEncoding() {}

  public static void requireValid(RoutingContext ctx) {
    if (isWellFormed(ctx.request().uri())) {
      ctx.next();
    } else {
      ctx.fail(
          ProblemException.badRequest(
              "The request URI has a malformed percent-encoding ('%' must be followed "
                  + "by two hex digits)"));
    }
  }

  static boolean isWellFormed(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      if (uri.charAt(i) == '%'
          && (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
