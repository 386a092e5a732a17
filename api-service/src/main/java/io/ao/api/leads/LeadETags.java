package io.ao.api.leads;

import io.ao.api.http.ProblemException;
import java.util.List;
import java.util.Map;

/** A lead's version as an HTTP entity tag: the ETag written, and the 412 when it is stale. */
final class LeadETags {

  private LeadETags() {}

  static String of(long version) {
    return "\"" + version + "\"";
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
