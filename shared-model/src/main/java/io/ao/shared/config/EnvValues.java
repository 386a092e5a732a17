package io.ao.shared.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.function.Function;

/** Turns an environment variable's text into a value of the same JSON type as the key's default. */
final class EnvValues {

  private EnvValues() {
  }

  /**
   * @throws IllegalArgumentException whose message is the expectation ("an integer"), when
   *                                  {@code text} cannot be read as the default's type
   */
  static Object coerce(String text, Object defaultValue) {
    if (defaultValue instanceof Integer || defaultValue instanceof Long) {
      return wholeNumber(text.trim(), defaultValue instanceof Integer);
    }
    if (defaultValue instanceof Number) {
      return decimal(text.trim());
    }
    if (defaultValue instanceof Boolean) {
      return bool(text.trim());
    }
    if (defaultValue instanceof JsonArray) {
      return json(text, "a JSON array", JsonArray::new);
    }
    if (defaultValue instanceof JsonObject) {
      return json(text, "a JSON object", JsonObject::new);
    }
    // Strings (and keys whose default is null) take the text as it is: spaces may matter in a secret.
    return text;
  }

  private static Object wholeNumber(String text, boolean preferInt) {
    try {
      long value = Long.parseLong(text);
      // Keep the default's Java type where it fits, so the merged JSON looks like a file's would.
      // (Not a ?: between Integer and Long: that would unbox both and always give a Long.)
      if (preferInt && value == (int) value) {
        return Integer.valueOf((int) value);
      }
      return Long.valueOf(value);
    } catch (NumberFormatException notAnInteger) {
      throw new IllegalArgumentException("an integer");
    }
  }

  private static Double decimal(String text) {
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("a number");
  }

  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("true or false");
    };
  }

  private static Object json(String text, String expectation, Function<String, Object> parser) {
    try {
      return parser.apply(text);
    } catch (DecodeException | ClassCastException notThatJson) {
      throw new IllegalArgumentException(expectation);
    }
  }
}
