package io.ao.api.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One operation of the OpenAPI document: method, path template ({@code /api/leads/{id}}), its
 * parameters and request body as declared, and its declared responses by status.
 */
record ApiOperation(
    String method,
    String path,
    String operationId,
    List<JsonObject> parameters,
    JsonObject requestBody,
    JsonObject responses,
    boolean isPublic) {

  String label() {
    return method + " " + path;
  }

  List<JsonObject> parametersIn(String location) {
    return parameters.stream().filter(p -> location.equals(p.getString("in"))).toList();
  }

  /** The request body's media types (empty when the operation takes none). */
  List<String> bodyMediaTypes() {
    if (requestBody == null) {
      return List.of();
    }
    return List.copyOf(requestBody.getJsonObject("content", new JsonObject()).fieldNames());
  }

  JsonObject bodySchema(String mediaType) {
    return requestBody
        .getJsonObject("content")
        .getJsonObject(mediaType)
        .getJsonObject("schema", new JsonObject());
  }

  /**
   * Operations whose success uses up the resource they name: each request that targets a real one
   * gets a fresh one, and they run after the others.
   */
  boolean consumesItsTarget() {
    return method.equals("DELETE") || path.endsWith("/retry") || path.endsWith("/cancel");
  }

  static List<JsonObject> listOf(JsonArray array) {
    return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
  }
}
