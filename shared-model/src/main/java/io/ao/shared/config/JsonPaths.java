package io.ao.shared.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** Dotted paths ({@code email.smtp.port}) into nested JSON objects. */
final class JsonPaths {

  private JsonPaths() {
  }

  /** The value at {@code path}, or null when the path or one of its parents is absent. */
  static Object get(JsonObject json, String path) {
    JsonObject current = json;
    String[] segments = path.split("\\.");
    for (int i = 0; i < segments.length - 1; i++) {
      if (!(current.getValue(segments[i]) instanceof JsonObject child)) {
        return null;
      }
      current = child;
    }
    return current.getValue(segments[segments.length - 1]);
  }

  /** Sets the value at {@code path}, creating (or replacing non-object) parents on the way. */
  static void put(JsonObject json, String path, Object value) {
    JsonObject current = json;
    String[] segments = path.split("\\.");
    for (int i = 0; i < segments.length - 1; i++) {
      JsonObject child = current.getValue(segments[i]) instanceof JsonObject existing ? existing : null;
      if (child == null) {
        child = new JsonObject();
        current.put(segments[i], child);
      }
      current = child;
    }
    current.put(segments[segments.length - 1], value);
  }

  /**
   * Every leaf of {@code json} by its dotted path, sorted. A leaf is anything that is not a
   * non-empty object: scalars, arrays and empty objects (such as {@code workflows: {}}, which
   * can then still be set as a whole).
   */
  static Map<String, Object> leaves(JsonObject json) {
    Map<String, Object> leaves = new TreeMap<>();
    collectLeaves("", json, leaves);
    return leaves;
  }

  private static void collectLeaves(String prefix, JsonObject json, Map<String, Object> leaves) {
    for (String field : json.fieldNames()) {
      String path = prefix + field;
      Object value = json.getValue(field);
      if (value instanceof JsonObject child && !child.isEmpty()) {
        collectLeaves(path + ".", child, leaves);
      } else {
        leaves.put(path, value);
      }
    }
  }
}
