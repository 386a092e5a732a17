package io.ao.api.http;

import java.util.List;
import java.util.Map;

/**
 * A resource's version as an HTTP entity tag (leads, campaigns): the ETag written, and the 412 when
 * the one a client sent is stale.
 */
public final class EntityTags {

  private EntityTags() {}

  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /** 412 for a {@code resource} ("lead", "campaign") now at {@code currentVersion}. */
  public static ProblemException preconditionFailed(String resource, long currentVersion) {
    return new ProblemException(
        412,
        "Precondition Failed",
        "The " + resource + " changed since you read it; its current ETag is " + of(currentVersion),
        List.of(),
        Map.of("ETag", of(currentVersion)));
  }
}
