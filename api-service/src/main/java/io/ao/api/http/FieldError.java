package io.ao.api.http;

import io.vertx.core.json.JsonObject;

/**
 * One field-level validation failure, as listed in a 422 problem's {@code errors}. A field name
 * comes from the client's body and may be huge, so what is echoed back is cut to {@link
 * #MAX_FIELD_CHARS}.
 */
public record FieldError(String field, String message) {

  static final int MAX_FIELD_CHARS = 100;

  public FieldError {
    if (field.length() > MAX_FIELD_CHARS) {
      field = field.substring(0, MAX_FIELD_CHARS) + "…";
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
