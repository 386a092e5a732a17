package io.ao.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ao.cli.CliFailure;
import io.ao.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A refusal as the one line {@code ao} prints: the status, the problem+json title and detail, and
 * each field error ({@code field: message}), e.g. {@code 422 Unprocessable Content: steps[0].if:
 * ... [steps[1].wait: ...]} (a field error the detail already says is not repeated).
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
    // the field errors the detail does not already say (the API's detail often is the first one)
    List<String> fieldErrors = new ArrayList<>();
    JsonNode errors = problem == null ? null : problem.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode error : errors) {
        String said = text(error, "field") + ": " + text(error, "message");
        if (detail == null || !detail.contains(said)) {
          fieldErrors.add(said);
        }
      }
    }
    if (!fieldErrors.isEmpty()) {
      line.append(" [").append(String.join("; ", fieldErrors)).append(']');
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
