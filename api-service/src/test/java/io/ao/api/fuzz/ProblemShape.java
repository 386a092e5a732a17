package io.ao.api.fuzz;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's rules for every answer (README, Tests), whatever the operation: no 5xx, within 5 s, an
 * X-Request-Id, and every 4xx an application/problem+json body whose status matches, with a detail
 * and no trace of the implementation (stack frames, class names).
 */
final class ProblemShape {

  // a hang guard, not a speed goal: a loaded 2-core build box stretches a slow write past 2 s
  static final long MAX_MS = 5_000;
  private static final List<String> LEAKS =
      List.of(
          "Exception",
          "\tat ",
          "io.ao.",
          "io.vertx.",
          "java.",
          "netty",
          "jackson",
          "NullPointer",
          "Caused by");

  private ProblemShape() {}

  static List<String> violations(FuzzResponse response) {
    List<String> problems = new ArrayList<>();
    if (response.status() < 0) {
      problems.add("no answer: " + response.failure());
      return problems;
    }
    if (response.elapsedMs() > MAX_MS) {
      problems.add("took " + response.elapsedMs() + " ms (limit " + MAX_MS + ")");
    }
    if (response.status() >= 500) {
      problems.add("status " + response.status());
    }
    if (response.headers().get("X-Request-Id") == null) {
      problems.add("no X-Request-Id on " + response.status());
    }
    if (response.status() >= 400) {
      problems.addAll(problemBody(response));
      problems.addAll(requiredHeaders(response));
    }
    return problems;
  }

  private static List<String> problemBody(FuzzResponse response) {
    List<String> problems = new ArrayList<>();
    int status = response.status();
    String contentType = response.contentType();
    if (contentType == null
        || !contentType.split(";")[0].trim().equals("application/problem+json")) {
      problems.add(status + " with Content-Type " + contentType);
    }
    String text = response.body() == null ? "" : response.body().toString();
    for (String leak : LEAKS) {
      if (text.contains(leak)) {
        problems.add(status + " body shows '" + leak.trim() + "'");
      }
    }
    JsonObject body;
    try {
      Object parsed = Json.decodeValue(text);
      if (!(parsed instanceof JsonObject object)) {
        problems.add(status + " body is not a JSON object");
        return problems;
      }
      body = object;
    } catch (DecodeException e) {
      problems.add(status + " body is not JSON");
      return problems;
    }
    for (String member : List.of("type", "title", "detail")) {
      if (!(body.getValue(member) instanceof String value) || value.isBlank()) {
        problems.add(status + " problem without a '" + member + "' string");
      }
    }
    if (!(body.getValue("status") instanceof Number number) || number.intValue() != status) {
      problems.add(status + " problem whose status member is " + body.getValue("status"));
    }
    if (body.containsKey("errors")) {
      if (!(body.getValue("errors") instanceof JsonArray errors) || errors.isEmpty()) {
        problems.add(status + " problem with errors that is not a non-empty array");
      } else if (errors.stream()
          .anyMatch(
              e ->
                  !(e instanceof JsonObject error)
                      || !(error.getValue("field") instanceof String)
                      || !(error.getValue("message") instanceof String))) {
        problems.add(status + " problem with an error that does not name a field and a message");
      }
    }
    return problems;
  }

  private static List<String> requiredHeaders(FuzzResponse response) {
    String required =
        switch (response.status()) {
          case 401 -> "WWW-Authenticate";
          case 405 -> "Allow";
          case 429 -> "Retry-After";
          default -> null;
        };
    return required == null || response.headers().get(required) != null
        ? List.of()
        : List.of(response.status() + " without " + required);
  }
}
