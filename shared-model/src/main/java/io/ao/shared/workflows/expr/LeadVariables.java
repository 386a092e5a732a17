package io.ao.shared.workflows.expr;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.NullValue;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code lead} variable: every field of the API's Lead schema, declared to CEL as a struct so
 * that a typo ({@code lead.nme}) fails when the definition is written, not at 3 a.m. in a run.
 *
 * <p>Scalars are declared nullable (CEL's wrapper types): a field the lead does not have is CEL
 * {@code null}, so {@code lead.phone == null} checks, and {@code lead.score >= 50} still
 * type-checks as an int comparison. Using a null where a value is needed ({@code lead.score > 5}
 * before the lead is scored) is an evaluation error, not a definition error. {@code tags} is a list
 * of strings, empty when absent; {@code custom_fields} a map of string to dyn, empty when absent.
 * Times are int milliseconds since the epoch, as the API returns them.
 *
 * <p>At run time the value is a plain {@code Map}: CEL selects a struct's field from a map by key.
 */
final class LeadVariables {

  static final String TYPE_NAME = "ao.Lead";

  private static final CelType STRING = NullableType.create(SimpleType.STRING);
  private static final CelType INT = NullableType.create(SimpleType.INT);

  /** The Lead schema's fields and their CEL types, in the schema's order. */
  static final Map<String, CelType> FIELDS = fields();

  static final StructType TYPE =
      StructType.create(
          TYPE_NAME,
          ImmutableSet.copyOf(FIELDS.keySet()),
          name -> Optional.ofNullable(FIELDS.get(name)));

  private LeadVariables() {}

  private static Map<String, CelType> fields() {
    Map<String, CelType> fields = new LinkedHashMap<>();
    for (String name :
        List.of(
            "id",
            "email",
            "first_name",
            "last_name",
            "phone",
            "company",
            "title",
            "source",
            "campaign_id",
            "status",
            "notes",
            "crm_id",
            "crm_sync_state")) {
      fields.put(name, STRING);
    }
    fields.put("tags", ListType.create(SimpleType.STRING));
    fields.put("custom_fields", MapType.create(SimpleType.STRING, SimpleType.DYN));
    for (String name : List.of("score", "version", "created_at", "updated_at", "crm_synced_at")) {
      fields.put(name, INT);
    }
    return Collections.unmodifiableMap(fields);
  }

  /**
   * The lead document as CEL values: every field given (system fields merged in by the caller
   * included), then every schema field it lacks as null, tags as an empty list and custom_fields as
   * an empty map.
   */
  static Map<String, Object> of(JsonObject lead) {
    Map<String, Object> values = new LinkedHashMap<>();
    lead.forEach(entry -> values.put(entry.getKey(), CelValues.of(entry.getValue())));
    for (String field : FIELDS.keySet()) {
      Object value = values.get(field);
      if (value == null || value == NullValue.NULL_VALUE) {
        values.put(field, absent(field));
      }
    }
    return Collections.unmodifiableMap(values);
  }

  private static Object absent(String field) {
    return switch (field) {
      case "tags" -> List.of();
      case "custom_fields" -> Map.of();
      default -> NullValue.NULL_VALUE;
    };
  }
}
