package io.ao.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads typed values out of the merged configuration by dotted path and collects every problem
 * instead of stopping at the first. A read that fails records a problem ({@code http.port: expected
 * an integer between 1 and 65535, got "abc"}) and returns a placeholder so the caller can keep
 * reading; {@link #throwIfInvalid()} then reports them all. Every key is required: the built-in
 * defaults define them all, so a missing key means a file or override removed it.
 */
public final class ConfigReader {

  /** {@code scheme://user:password@host}: the credentials part, never echoed back. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=//)[^/@]*@");

  private final JsonObject source;
  private final List<ConfigProblem> problems = new ArrayList<>();

  public ConfigReader(JsonObject source) {
    this.source = source;
  }

  JsonObject source() {
    return source;
  }

  public int requiredInt(String path, int min, int max) {
    return (int) integerIn(path, min, max, "an integer between " + min + " and " + max);
  }

  public long requiredLong(String path, long min, long max) {
    return integerIn(path, min, max, "an integer between " + min + " and " + max);
  }

  /** A duration written as a whole number of milliseconds (keys end in {@code _ms}). */
  public long durationMs(String path, long minMs, long maxMs) {
    return integerIn(
        path, minMs, maxMs, "a duration in milliseconds between " + minMs + " and " + maxMs);
  }

  public boolean bool(String path) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof Boolean flag) {
      return flag;
    }
    return reject(path, "true or false", value, false);
  }

  /** Any string, empty included (e.g. a secret that is generated when left empty). */
  public String string(String path) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof String text) {
      return text;
    }
    return reject(path, "a string", value, "");
  }

  public String nonBlankString(String path) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof String text && !text.isBlank()) {
      return text;
    }
    return reject(path, "a non-blank string", value, "");
  }

  /** A string matching {@code pattern} entirely; {@code description} says what that means. */
  public String matching(String path, Pattern pattern, String description) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof String text && pattern.matcher(text).matches()) {
      return text;
    }
    return reject(path, description, value, "");
  }

  /** One of a fixed set of words (an enum in the config file). */
  public String oneOf(String path, Set<String> allowed) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof String text && allowed.contains(text)) {
      return text;
    }
    return reject(path, "one of " + String.join(", ", new TreeSet<>(allowed)), value, "");
  }

  /**
   * An absolute URL with a host and one of {@code schemes}, e.g. {@code url("redis.url", "redis",
   * "rediss")}.
   */
  public String url(String path, String... schemes) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof String text
        && ConfigValues.hasSchemeAndHost(text, Arrays.asList(schemes))) {
      return text;
    }
    String expected =
        Arrays.stream(schemes)
            .map(scheme -> scheme + "://")
            .collect(Collectors.joining(" or ", "a ", " URL"));
    // A URL may carry a password (redis://:secret@host); the message ends up in logs.
    Object shown =
        value instanceof String text ? URL_CREDENTIALS.matcher(text).replaceFirst("***@") : value;
    return reject(path, expected, shown, "");
  }

  /** A non-empty list of strings, each matching {@code itemPattern}. */
  public List<String> stringList(String path, Pattern itemPattern, String itemDescription) {
    Object value = ConfigValues.valueAt(source, path);
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      return reject(path, "a non-empty list of " + itemDescription, value, List.of());
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof String text && itemPattern.matcher(text).matches()) {
        items.add(text);
      } else {
        reject(path + "[" + i + "]", itemDescription, item, null);
      }
    }
    return List.copyOf(items);
  }

  /** A list of strings, each matching {@code itemPattern}; may be empty. */
  public List<String> optionalStringList(String path, Pattern itemPattern, String itemDescription) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof JsonArray array && array.isEmpty()) {
      return List.of();
    }
    return stringList(path, itemPattern, itemDescription);
  }

  /** A JSON object (a copy), e.g. a mapping whose entries the caller checks. */
  public JsonObject object(String path) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    return reject(path, "an object", value, new JsonObject());
  }

  /** A JSON list (a copy) whose items the caller interprets; may be empty. */
  public JsonArray list(String path) {
    Object value = ConfigValues.valueAt(source, path);
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return reject(path, "a list", value, new JsonArray());
  }

  /**
   * A rule across keys (e.g. max delay ≥ base delay); reported against {@code path} when it does
   * not hold.
   */
  public void check(boolean holds, String path, String expectation) {
    if (!holds) {
      report(new ConfigProblem(path, "expected " + expectation));
    }
  }

  public void report(ConfigProblem problem) {
    problems.add(problem);
  }

  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  private long integerIn(String path, long min, long max, String expectation) {
    Object value = ConfigValues.valueAt(source, path);
    OptionalLong number = ConfigValues.wholeNumber(value);
    if (number.isPresent() && number.getAsLong() >= min && number.getAsLong() <= max) {
      return number.getAsLong();
    }
    return reject(path, expectation, value, min);
  }

  private <T> T reject(String path, String expectation, Object actual, T placeholder) {
    report(
        new ConfigProblem(path, "expected " + expectation + ", got " + ConfigValues.echo(actual)));
    return placeholder;
  }
}
