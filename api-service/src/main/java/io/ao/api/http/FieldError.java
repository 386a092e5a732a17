package io.ao.api.http;

import io.vertx.core.json.JsonObject;

/** One field-level validation failure, as listed in a 422 problem's {@code errors}. */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
