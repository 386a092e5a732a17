package io.ao.shared.config;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.OptionalLong;

/** How a configuration value is found, told apart and quoted back in a problem. */
final class ConfigValues {

  private static final int MAX_ECHOED_CHARS = 80;

  private ConfigValues() {}

  /** JSON and YAML numbers arrive as Integer, Long, BigInteger or Double; 8080.0 is still 8080. */
  static OptionalLong wholeNumber(Object value) {
    if (!(value instanceof Number number)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(new BigDecimal(number.toString()).longValueExact());
    } catch (NumberFormatException | ArithmeticException notWholeOrTooLarge) {
      return OptionalLong.empty();
    }
  }

  static boolean hasSchemeAndHost(String text, Collection<String> schemes) {
    try {
      URI uri = new URI(text);
      // The authority, not getHost(): URI leaves the host null for names with '_' (docker
      // service names), which Redis clients accept.
      return uri.getScheme() != null
          && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getRawAuthority() != null
          && !uri.getRawAuthority().isBlank();
    } catch (URISyntaxException malformed) {
      return false;
    }
  }

  /**
   * The value at a dotted path ({@code email.smtp.port}), or null when it or one of its parents is
   * absent.
   */
  static Object valueAt(JsonObject json, String path) {
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

  /**
   * The offending value as JSON ({@code "abc"}, {@code 70000}), shortened; "nothing" when absent.
   */
  static String echo(Object value) {
    if (value == null) {
      return "nothing";
    }
    String json = Json.encode(value);
    return json.length() <= MAX_ECHOED_CHARS ? json : json.substring(0, MAX_ECHOED_CHARS) + "…";
  }
}
