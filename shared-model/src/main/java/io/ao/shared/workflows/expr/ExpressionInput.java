package io.ao.shared.workflows.expr;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables one evaluation sees: {@code lead} and {@code steps}, converted from JSON once so
 * that a lead write can test it against every trigger and {@code cancel_if} without converting
 * again. Immutable; share it between threads freely.
 */
public final class ExpressionInput {

  private final Map<String, Object> variables;

  private ExpressionInput(Map<String, Object> lead, Map<String, Object> steps) {
    this.variables = Map.of("lead", lead, "steps", steps);
  }

  /**
   * @param leadDocument the lead as stored: the hash's {@code doc} plus the system fields the
   *     caller merges in (id, score, version, crm_*); absent schema fields become null, {@code
   *     tags} an empty list and {@code custom_fields} an empty map
   * @param stepsByName step name → {@code {"status": ..., "output": {...} or null}}; an entry
   *     without {@code status} or {@code output} gets them as null. Pass every step of the
   *     definition (those not entered yet as {@code pending}): a name that is not in the map is an
   *     evaluation error ("no such key"), not a null
   */
  public static ExpressionInput of(JsonObject leadDocument, JsonObject stepsByName) {
    Map<String, Object> steps = new LinkedHashMap<>();
    stepsByName.forEach(
        entry -> {
          Object value = CelValues.of(entry.getValue());
          if (value instanceof Map<?, ?> step) {
            Map<Object, Object> filled = new LinkedHashMap<>(step);
            filled.putIfAbsent("status", CelValues.of(null));
            filled.putIfAbsent("output", CelValues.of(null));
            value = Collections.unmodifiableMap(filled);
          }
          steps.put(entry.getKey(), value);
        });
    return new ExpressionInput(LeadVariables.of(leadDocument), Collections.unmodifiableMap(steps));
  }

  /** For a trigger's {@code if}, evaluated before a run exists: no steps. */
  public static ExpressionInput ofLead(JsonObject leadDocument) {
    return new ExpressionInput(LeadVariables.of(leadDocument), Map.of());
  }

  Map<String, Object> variables() {
    return variables;
  }
}
