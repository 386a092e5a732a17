package io.ao.api.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The served OpenAPI document: its operations, and $ref resolution within it. */
final class OpenApiDocument {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private final JsonObject document;

  OpenApiDocument(JsonObject document) {
    this.document = document;
  }

  JsonObject json() {
    return document;
  }

  /** Every path and method, in document order; parameters declared on the path are merged in. */
  List<ApiOperation> operations() {
    List<ApiOperation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<JsonObject> shared = resolvedAll(item.getJsonArray("parameters"));
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        List<JsonObject> parameters = new ArrayList<>(shared);
        parameters.addAll(resolvedAll(op.getJsonArray("parameters")));
        JsonArray security = op.getJsonArray("security", document.getJsonArray("security"));
        JsonObject body =
            op.getJsonObject("requestBody") == null
                ? null
                : resolve(op.getJsonObject("requestBody"));
        operations.add(
            new ApiOperation(
                method.toUpperCase(Locale.ROOT),
                path,
                op.getString("operationId", method + path),
                List.copyOf(parameters),
                body,
                op.getJsonObject("responses", new JsonObject()),
                security == null || security.isEmpty()));
      }
    }
    return operations;
  }

  /**
   * Follows $ref (local pointers only, which is all this document uses) until it reaches a
   * definition.
   */
  JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    for (int hops = 0; current.containsKey("$ref"); hops++) {
      if (hops > 20) {
        throw new IllegalStateException("$ref cycle at " + node.getString("$ref"));
      }
      current = pointer(current.getString("$ref"));
    }
    return current;
  }

  private JsonObject pointer(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("only local $refs are supported: " + ref);
    }
    Object at = document;
    for (String token : ref.substring(2).split("/")) {
      String key = token.replace("~1", "/").replace("~0", "~");
      at = ((JsonObject) at).getValue(key);
      if (at == null) {
        throw new IllegalArgumentException("dangling $ref " + ref);
      }
    }
    return (JsonObject) at;
  }

  private List<JsonObject> resolvedAll(JsonArray array) {
    return ApiOperation.listOf(array).stream().map(this::resolve).toList();
  }
}
