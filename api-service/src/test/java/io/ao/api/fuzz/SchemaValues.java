package io.ao.api.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Values that satisfy a JSON Schema (the subset the document uses), drawn from a seeded Random. */
final class SchemaValues {

  private final OpenApiDocument document;

  SchemaValues(OpenApiDocument document) {
    this.document = document;
  }

  Object valid(JsonObject schema, Random random) {
    return valid(schema, random, 0);
  }

  private Object valid(JsonObject raw, Random random, int depth) {
    JsonObject schema = document.resolve(raw);
    if (schema.containsKey("const")) {
      return schema.getValue("const");
    }
    if (schema.containsKey("enum")) {
      JsonArray choices = schema.getJsonArray("enum");
      return choices.getValue(random.nextInt(choices.size()));
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (schema.containsKey(combinator)) {
        JsonArray options = schema.getJsonArray(combinator);
        return valid(options.getJsonObject(random.nextInt(options.size())), random, depth);
      }
    }
    return switch (typeOf(schema, random)) {
      case "string" -> string(schema, random);
      case "integer" -> (long) number(schema, random, true);
      case "number" -> number(schema, random, false);
      case "boolean" -> random.nextBoolean();
      case "array" -> array(schema, random, depth);
      case "null" -> null;
      default -> object(schema, random, depth);
    };
  }

  /** The declared type; of a type list, a non-null one. Untyped schemas are treated as objects. */
  static String typeOf(JsonObject schema, Random random) {
    Object type = schema.getValue("type");
    if (type instanceof String name) {
      return name;
    }
    if (type instanceof JsonArray names) {
      List<String> nonNull =
          names.stream().map(String.class::cast).filter(n -> !n.equals("null")).toList();
      return nonNull.isEmpty() ? "null" : nonNull.get(random.nextInt(nonNull.size()));
    }
    return schema.containsKey("properties") || schema.containsKey("additionalProperties")
        ? "object"
        : "string";
  }

  private String string(JsonObject schema, Random random) {
    String format = schema.getString("format", "");
    int min = schema.getInteger("minLength", 0);
    int max = Math.min(schema.getInteger("maxLength", 24), Math.max(min, 24));
    if (schema.containsKey("pattern")) {
      return PatternStrings.generate(schema.getString("pattern"), random);
    }
    return switch (format) {
      case "email" ->
          word(random, 3, 10)
              + "."
              + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
              + "@"
              + word(random, 3, 8)
              + ".example";
      case "date-time" ->
          Instant.ofEpochSecond(1_700_000_000L + random.nextInt(50_000_000)).toString();
      case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
      default -> word(random, Math.max(min, 1), Math.max(max, Math.max(min, 1)));
    };
  }

  private static double number(JsonObject schema, Random random, boolean integer) {
    double min = schema.getDouble("minimum", schema.getDouble("exclusiveMinimum", -1000.0));
    double max = schema.getDouble("maximum", schema.getDouble("exclusiveMaximum", 1000.0));
    if (!schema.containsKey("minimum")
        && !schema.containsKey("exclusiveMinimum")
        && schema.containsKey("maximum")) {
      min = max - 1000;
    }
    if (schema.containsKey("minimum") && !schema.containsKey("maximum")) {
      max = min + 1000;
    }
    double value = min + random.nextDouble() * (max - min);
    return integer ? Math.floor(value) : value;
  }

  private JsonArray array(JsonObject schema, Random random, int depth) {
    int min = schema.getInteger("minItems", 0);
    int max = Math.min(schema.getInteger("maxItems", 3), min + 3);
    JsonArray array = new JsonArray();
    JsonObject items = schema.getJsonObject("items", new JsonObject().put("type", "string"));
    int size = depth > 4 ? min : min + random.nextInt(max - min + 1);
    for (int i = 0; i < size; i++) {
      array.add(valid(items, random, depth + 1));
    }
    return array;
  }

  private JsonObject object(JsonObject schema, Random random, int depth) {
    JsonObject object = new JsonObject();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    List<String> required =
        schema.getJsonArray("required", new JsonArray()).stream().map(String.class::cast).toList();
    for (String name : properties.fieldNames()) {
      if (required.contains(name) || (depth < 4 && random.nextInt(3) > 0)) {
        object.put(name, valid(properties.getJsonObject(name), random, depth + 1));
      }
    }
    if (schema.getValue("additionalProperties") instanceof JsonObject extra && depth < 4) {
      int count = random.nextInt(3);
      for (int i = 0; i < count; i++) {
        object.put(word(random, 3, 12), valid(extra, random, depth + 1));
      }
    }
    int minProperties = schema.getInteger("minProperties", 0);
    List<String> names = new ArrayList<>(properties.fieldNames());
    for (int i = 0; object.size() < minProperties && i < names.size(); i++) {
      object.put(names.get(i), valid(properties.getJsonObject(names.get(i)), random, depth + 1));
    }
    return object;
  }

  static String word(Random random, int minLength, int maxLength) {
    int length = minLength + random.nextInt(Math.max(1, maxLength - minLength + 1));
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }
}
