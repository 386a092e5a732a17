package io.ao.api.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.docs.DocsRoutes;
import io.ao.shared.leads.LeadValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The document's {@code custom_fields} accepts exactly what {@link LeadValidator} accepts, and is
 * written so that client generators give a plain map of values.
 *
 * <p>Written as a list of types ({@code "type": ["string", "number", "boolean", "null"]}) or as an
 * {@code anyOf}/{@code oneOf} of them, openapi-generator makes the value a union wrapper class: the
 * Python client's pydantic model then rejects {@code LeadInput(custom_fields={"plan": "pro"})}
 * ("Input should be a valid dictionary or instance of LeadInputCustomFieldsValue"), and a oneOf
 * fails to read {@code 12} ("Multiple matches found"). "Anything but an object or an array" says
 * the same without a union, and generators give {@code Dict[str, Any]} / {@code Map<String,
 * Object>}.
 */
class CustomFieldsSchemaTest {

  private static final List<String> SCHEMAS = List.of("LeadInput", "LeadPatch", "Lead");

  @Test
  void theSchemaAndTheValidatorAgreeOnEveryKindOfValue() {
    List<Object> values =
        Arrays.asList(
            "pro",
            "",
            "x".repeat(500),
            "x".repeat(501),
            12,
            -3L,
            0.5,
            1e300,
            true,
            false,
            null,
            new JsonObject().put("nested", 1),
            new JsonArray().add("a"));
    for (String name : SCHEMAS) {
      Validator schema = customFields(name);
      for (Object value : values) {
        JsonObject fields = new JsonObject().put("field", value);
        boolean validatorAccepts =
            LeadValidator.validatePatch(new JsonObject().put("custom_fields", fields)).isEmpty();
        assertThat(Boolean.TRUE.equals(schema.validate(fields).getValid()))
            .as("%s.custom_fields with a value of %s", name, describe(value))
            .isEqualTo(validatorAccepts);
      }
      for (String key : List.of("k".repeat(64), "k".repeat(65))) {
        JsonObject fields = new JsonObject().put(key, "v");
        assertThat(Boolean.TRUE.equals(schema.validate(fields).getValid()))
            .as("%s.custom_fields with a name of %d characters", name, key.length())
            .isEqualTo(
                LeadValidator.validatePatch(new JsonObject().put("custom_fields", fields))
                    .isEmpty());
      }
      for (int count : List.of(50, 51)) {
        JsonObject fields = new JsonObject();
        for (int i = 0; i < count; i++) {
          fields.put("f" + i, i);
        }
        assertThat(Boolean.TRUE.equals(schema.validate(fields).getValid()))
            .as("%s.custom_fields with %d fields", name, count)
            .isEqualTo(
                LeadValidator.validatePatch(new JsonObject().put("custom_fields", fields))
                    .isEmpty());
      }
    }
  }

  @Test
  void aValueIsDescribedWithoutAUnionOfTypes() {
    for (String name : SCHEMAS) {
      JsonObject value = property(name).getJsonObject("additionalProperties");
      assertThat(value.fieldNames())
          .as("%s.custom_fields values: no type list, anyOf or oneOf", name)
          .doesNotContain("type", "anyOf", "oneOf");
    }
  }

  private static Validator customFields(String schema) {
    return Validator.create(
        JsonSchema.of(property(schema)),
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("https://ao.test/custom_fields")
            .setOutputFormat(OutputFormat.Basic));
  }

  private static JsonObject property(String schema) {
    return new JsonObject(DocsRoutes.openApiDocument())
        .getJsonObject("components")
        .getJsonObject("schemas")
        .getJsonObject(schema)
        .getJsonObject("properties")
        .getJsonObject("custom_fields");
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    return text.length() > 20 ? "a string of " + text.length() + " characters" : text;
  }
}
