package io.ao.api.leads;

import io.ao.api.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * A client's If-Match on a lead: the version its entity tag names ({@code "7"} or {@code W/"7"}),
 * or, for a header that is no tag we issue ({@code 7} unquoted, {@code *garbage*}), no version at
 * all: it then never matches, and the 412 says why.
 */
record IfMatch(Long version, String header) {

  /** The request's If-Match, or null when it sent none. */
  static IfMatch of(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    return header == null ? null : new IfMatch(versionIn(header.trim()), header);
  }

  boolean matches(long current) {
    return version != null && version == current;
  }

  /** The 412 for a lead now at {@code current}. */
  ProblemException refusal(long current) {
    if (version == null) {
      return new ProblemException(
          412,
          "Precondition Failed",
          "If-Match must be an entity tag in double quotes, as the ETag header gives it ("
              + LeadETags.of(current)
              + "); got "
              + header,
          List.of(),
          Map.of("ETag", LeadETags.of(current)));
    }
    return LeadETags.preconditionFailed(current);
  }

  private static Long versionIn(String value) {
    String tag = value.startsWith("W/") ? value.substring(2) : value;
    if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      try {
        return Long.parseLong(tag.substring(1, tag.length() - 1));
      } catch (NumberFormatException notOurs) {
        return null;
      }
    }
    return null;
  }
}
