package io.ao.api.intake;

import io.ao.api.http.FieldError;
import io.ao.api.http.JsonFields;
import io.ao.api.http.ProblemException;
import io.ao.shared.leads.LeadValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A source's mapping: lead field → where its value is in the source's payload, a dotted path into a
 * JSON body ({@code contact.email}) or a form field's name. Applying it to a payload gives the
 * lead's fields, which are then validated as any lead is.
 */
record FieldMapping(Map<String, String> paths) {

  private static final Pattern PATH =
      Pattern.compile("[A-Za-z0-9_\\-\\[\\]]{1,64}(\\.[A-Za-z0-9_\\-\\[\\]]{1,64}){0,7}");

  FieldMapping {
    paths = Map.copyOf(paths);
  }

  /** Reads the mapping of a source's definition; problems go to {@code fields}. */
  static FieldMapping read(Object value, JsonFields fields) {
    if (!(value instanceof JsonObject mapping) || mapping.isEmpty()) {
      fields.fail("mapping", "expected an object of lead field -> payload path, with email");
      return new FieldMapping(Map.of());
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (String field : new TreeSet<>(mapping.fieldNames())) {
      Object path = mapping.getValue(field);
      if (!LeadValidator.WRITABLE.contains(field)) {
        fields.fail(
            "mapping." + field,
            "not a lead field; allowed: " + new TreeSet<>(LeadValidator.WRITABLE));
      } else if (!(path instanceof String text) || !PATH.matcher(text).matches()) {
        fields.fail("mapping." + field, "expected a payload path like contact.email");
      } else {
        paths.put(field, text);
      }
    }
    if (!mapping.containsKey("email")) {
      fields.fail("mapping.email", "is required: a lead needs an email");
    }
    return new FieldMapping(paths);
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    paths.forEach(json::put);
    return json;
  }

  static FieldMapping fromJson(JsonObject json) {
    Map<String, String> paths = new LinkedHashMap<>();
    json.forEach(entry -> paths.put(entry.getKey(), entry.getValue().toString()));
    return new FieldMapping(paths);
  }

  /**
   * The lead's fields in {@code payload}; a mapped email missing from it is a 422 naming the
   * payload's path. Other mapped paths that are absent are left out.
   */
  JsonObject apply(JsonObject payload) {
    JsonObject lead = new JsonObject();
    for (Map.Entry<String, String> entry : paths.entrySet()) {
      Object value = at(payload, entry.getValue());
      if (value != null) {
        lead.put(entry.getKey(), value);
      }
    }
    if (!lead.containsKey("email")) {
      throw ProblemException.invalid(
          List.of(
              new FieldError(
                  paths.get("email"), "missing from the payload; this source maps it to email")));
    }
    return lead;
  }

  /** The value at a dotted path, or null; a form's field names may themselves contain dots. */
  private static Object at(JsonObject payload, String path) {
    if (payload.containsKey(path)) {
      return payload.getValue(path);
    }
    Object current = payload;
    for (String part : path.split("\\.")) {
      if (current instanceof JsonObject object) {
        current = object.getValue(part);
      } else if (current instanceof JsonArray array && part.matches("[0-9]{1,4}")) {
        int index = Integer.parseInt(part);
        current = index < array.size() ? array.getValue(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }
}
