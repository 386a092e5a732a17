package io.ao.api.http;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads fields of a JSON body, collecting every problem so one 422 names them all. Call {@link
 * #validate()} at the end: it throws when anything was wrong.
 */
public final class JsonFields {

  private final JsonObject body;
  private final List<FieldError> errors = new ArrayList<>();

  public JsonFields(JsonObject body, Set<String> allowed) {
    this.body = body;
    body.fieldNames().stream()
        .filter(name -> !allowed.contains(name))
        .sorted()
        .forEach(
            name ->
                errors.add(
                    new FieldError(name, "unknown field; allowed: " + new TreeSet<>(allowed))));
  }

  /** A string of {@code min}..{@code max} characters; null when absent and optional. */
  public String string(String field, boolean required, int min, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (!(value instanceof String text)) {
      errors.add(new FieldError(field, "expected a string"));
      return null;
    }
    if (text.length() < min || text.length() > max) {
      errors.add(new FieldError(field, "expected " + min + " to " + max + " characters"));
      return null;
    }
    return text;
  }

  /** A whole number in {@code min}..{@code max}; null when absent and optional. */
  public Integer integer(String field, boolean required, int min, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      errors.add(new FieldError(field, "expected a whole number from " + min + " to " + max));
      return null;
    }
    return ((Number) value).intValue();
  }

  public String matching(String field, boolean required, Pattern pattern, String description) {
    String text = string(field, required, 1, 1_000);
    if (text != null && !pattern.matcher(text).matches()) {
      errors.add(new FieldError(field, "expected " + description));
      return null;
    }
    return text;
  }

  public void fail(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public void validate() {
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }
}
