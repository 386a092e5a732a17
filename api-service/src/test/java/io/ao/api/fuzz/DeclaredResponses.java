package io.ao.api.fuzz;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Does an answer match what the document declares for the operation: a declared status, a declared
 * media type, and a JSON body valid against the declared schema (vertx-json-schema, draft 2020-12,
 * which OpenAPI 3.1 uses)?
 */
final class DeclaredResponses {

  private static final String BASE = "https://ao.test/openapi.json";

  /**
   * Answers the API gives for any request whose path matches no route (404) or a route of another
   * method (405); only requests whose path was tampered with may get them undeclared.
   */
  private static final Set<String> UNKNOWN_ROUTE = Set.of("400", "404", "405");

  private final OpenApiDocument document;
  private final SchemaRepository repository;
  private final JsonSchemaOptions options =
      new JsonSchemaOptions()
          .setDraft(Draft.DRAFT202012)
          .setBaseUri(BASE)
          .setOutputFormat(OutputFormat.Basic);
  private final Map<String, Validator> validators = new HashMap<>();
  private final Set<String> declaredAnywhere = new HashSet<>(UNKNOWN_ROUTE);

  DeclaredResponses(OpenApiDocument document) {
    this.document = document;
    this.repository = SchemaRepository.create(options);
    repository.dereference(BASE, JsonSchema.of(document.json().copy()));
    document.operations().forEach(op -> declaredAnywhere.addAll(op.responses().fieldNames()));
  }

  List<String> violations(ApiOperation operation, FuzzResponse response, boolean leftRoute) {
    List<String> problems = new ArrayList<>();
    if (response.status() < 0) {
      return problems;
    }
    String status = Integer.toString(response.status());
    JsonObject declared = operation.responses().getJsonObject(status);
    if (declared == null) {
      declared =
          operation
              .responses()
              .getJsonObject(
                  status.charAt(0) + "XX", operation.responses().getJsonObject("default"));
    }
    if (declared == null) {
      // A tampered path may land on another operation: its answer must be one the document
      // gives somewhere, or an unknown route's.
      if (!(leftRoute && declaredAnywhere.contains(status))) {
        problems.add("status " + status + " is not declared");
      }
      return problems;
    }
    if (leftRoute && response.status() < 400) {
      return problems;
    }
    JsonObject content = document.resolve(declared).getJsonObject("content");
    int length = response.body() == null ? 0 : response.body().length();
    if (content == null || content.isEmpty()) {
      if (length > 0) {
        problems.add(status + " declares no body but has " + length + " bytes");
      }
      return problems;
    }
    String mediaType =
        response.contentType() == null
            ? ""
            : response.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.containsKey(mediaType)) {
      problems.add(
          status
              + " with undeclared media type '"
              + mediaType
              + "' (declared "
              + content.fieldNames()
              + ")");
      return problems;
    }
    if (!mediaType.endsWith("json")) {
      return problems;
    }
    Object body;
    try {
      body = Json.decodeValue(response.body());
    } catch (DecodeException e) {
      problems.add(status + " " + mediaType + " body is not JSON");
      return problems;
    }
    JsonObject schema = content.getJsonObject(mediaType).getJsonObject("schema", new JsonObject());
    OutputUnit result = validator(operation, status, mediaType, schema).validate(body);
    if (!Boolean.TRUE.equals(result.getValid())) {
      problems.add(status + " body does not match its schema: " + describe(result));
    }
    return problems;
  }

  private Validator validator(
      ApiOperation operation, String status, String mediaType, JsonObject schema) {
    return validators.computeIfAbsent(
        operation.label() + " " + status + " " + mediaType,
        key ->
            repository.validator(JsonSchema.of((JsonObject) absoluteRefs(schema.copy())), options));
  }

  /** Local $refs of an inline schema point into the document, not into the inline schema itself. */
  private static Object absoluteRefs(Object node) {
    if (node instanceof JsonObject object) {
      if (object.getValue("$ref") instanceof String ref && ref.startsWith("#")) {
        object.put("$ref", BASE + ref);
      }
      object.forEach(entry -> absoluteRefs(entry.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(DeclaredResponses::absoluteRefs);
    }
    return node;
  }

  private static String describe(OutputUnit result) {
    List<String> errors = new ArrayList<>();
    if (result.getErrors() != null) {
      result
          .getErrors()
          .forEach(error -> errors.add(error.getInstanceLocation() + ": " + error.getError()));
    }
    if (errors.isEmpty()) {
      errors.add(String.valueOf(result.getError()));
    }
    return String.join("; ", errors.subList(0, Math.min(3, errors.size())));
  }
}
