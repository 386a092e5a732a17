package io.ao.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * A client's If-Match on a versioned resource: the version its entity tag names ({@code "7"} or
 * {@code W/"7"}), or, for a header that is no tag we issue ({@code 7} unquoted, {@code *garbage*}),
 * no version at all: it then never matches, and the 412 says why.
 */
public record IfMatch(Long version, String header) {

  /** The request's If-Match, or null when it sent none. */
  public static IfMatch of(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    return header == null ? null : new IfMatch(versionIn(header.trim()), header);
  }

  public boolean matches(long current) {
    return version != null && version == current;
  }

  /** The 412 for a {@code resource} ("lead", "campaign") now at {@code current}. */
  public ProblemException refusal(String resource, long current) {
    if (version == null) {
      return new ProblemException(
          412,
          "Precondition Failed",
          "If-Match must be an entity tag in double quotes, as the ETag header gives it ("
              + EntityTags.of(current)
              + "); got "
              + header,
          List.of(),
          Map.of("ETag", EntityTags.of(current)));
    }
    return EntityTags.preconditionFailed(resource, current);
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
