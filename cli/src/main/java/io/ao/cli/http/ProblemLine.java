package io.ao.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;

/**
 * A refusal as the one line {@code ao} prints: the status, the problem+json title and detail, and
 * each field error ({@code field: message}), e.g. {@code 422 Unprocessable Entity: The request is
 * invalid [steps[2].if: unknown variable 'lea']}.
 */
public final class ProblemLine {

  private static final int BODY_EXCERPT = 200;

  private ProblemLine() {}

  /** The failure for a non-2xx answer; {@code body} may be any text, problem+json or not. */
  public static CliFailure failure(int status, JsonNode problem, String rawBody, String request) {
    StringBuilder line = new StringBuilder().append(status);
    String title = text(problem, "title");
    String detail = text(problem, "detail");
    if (title != null) {
      line.append(' ').append(title);
    }
    if (detail != null && !detail.equals(title)) {
      line.append(": ").append(detail);
    }
    if (title == null && detail == null) {
      line.append(" from ").append(request);
      String excerpt = oneLine(rawBody);
      if (!excerpt.isEmpty()) {
        line.append(": ").append(excerpt);
      }
    }
    JsonNode errors = problem == null ? null : problem.get("errors");
    if (errors != null && errors.isArray() && !errors.isEmpty()) {
      line.append(" [");
      for (int i = 0; i < errors.size(); i++) {
        if (i > 0) {
          line.append("; ");
        }
        line.append(text(errors.get(i), "field"))
            .append(": ")
            .append(text(errors.get(i), "message"));
      }
      line.append(']');
    }
    if (status == 401) {
      line.append(" (run 'ao login', or check AO_API_KEY)");
    }
    return new CliFailure(exitCode(status), line.toString());
  }

  static ExitCode exitCode(int status) {
    if (status == 401) {
      return ExitCode.UNAUTHENTICATED;
    }
    return status >= 400 && status < 500 ? ExitCode.REFUSED : ExitCode.UNAVAILABLE;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : oneLine(value.asText());
  }

  private static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() > BODY_EXCERPT ? flat.substring(0, BODY_EXCERPT) + "…" : flat;
  }
}
