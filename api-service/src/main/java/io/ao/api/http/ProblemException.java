package io.ao.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure with a known HTTP meaning. Handlers fail the routing context with one and {@link
 * ProblemRenderer} turns it into application/problem+json; no handler writes an error body itself.
 */
public final class ProblemException extends RuntimeException {

  /**
   * The most field errors one problem lists; the rest are only counted ({@code errors_omitted}). A
   * body of 95,000 unknown fields would otherwise answer with megabytes.
   */
  public static final int MAX_FIELD_ERRORS = 20;

  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;
  private final Map<String, Object> extensions;

  public ProblemException(
      int status,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    this(status, title, detail, errors, headers, Map.of());
  }

  /** {@code extensions}: extra members of the problem document (RFC 9457 allows them). */
  public ProblemException(
      int status,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers,
      Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_FIELD_ERRORS)));
    this.headers = Map.copyOf(headers);
    Map<String, Object> members = new LinkedHashMap<>(extensions);
    if (errors.size() > MAX_FIELD_ERRORS) {
      members.put("errors_omitted", errors.size() - MAX_FIELD_ERRORS);
    }
    this.extensions = Map.copyOf(members);
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(
        401,
        "Unauthorized",
        detail,
        List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"automation-orchestrator\""));
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "Forbidden", detail, List.of(), Map.of());
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad Request", detail, List.of(), Map.of());
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not Found", detail, List.of(), Map.of());
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "Conflict", detail, List.of(), Map.of());
  }

  public static ProblemException unsupportedMediaType(String detail) {
    return new ProblemException(415, "Unsupported Media Type", detail, List.of(), Map.of());
  }

  public static ProblemException invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size()
                + " fields are invalid"
                + (errors.size() > MAX_FIELD_ERRORS
                    ? "; the first " + MAX_FIELD_ERRORS + " are listed"
                    : "");
    return new ProblemException(422, "Unprocessable Content", detail, errors, Map.of());
  }

  public static ProblemException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(
        503, "Service Unavailable", detail, List.of(), Map.of("Retry-After", "1"));
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
