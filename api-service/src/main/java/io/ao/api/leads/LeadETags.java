package io.ao.api.leads;

import io.ao.api.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** A lead's version as an HTTP entity tag: the ETag written, the If-Match read, the 412. */
final class LeadETags {

  private LeadETags() {}

  static String of(long version) {
    return "\"" + version + "\"";
  }

  /** If-Match: "<version>" (or W/"<version>"); absent → null; anything else never matches (-1). */
  static Long ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
      try {
        return Long.parseLong(value.substring(1, value.length() - 1));
      } catch (NumberFormatException ignored) {
        // falls through: a tag we never issued
      }
    }
    return -1L;
  }

  static ProblemException preconditionFailed(long currentVersion) {
    return new ProblemException(
        412,
        "Precondition Failed",
        "The lead changed since you read it; its current ETag is " + of(currentVersion),
        List.of(),
        Map.of("ETag", of(currentVersion)));
  }
}
