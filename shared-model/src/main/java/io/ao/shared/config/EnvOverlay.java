package io.ao.shared.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The configuration set through {@code AO_...} environment variables, as a JSON overlay on top of
 * the defaults and the file. vertx-config's env store only yields flat names, so the naming and
 * typing are ours: every key defined by the defaults can be set as {@code AO_} + its dotted path
 * upper-cased with '.' → '_' ({@code rate_limit.max_requests} → {@code
 * AO_RATE_LIMIT_MAX_REQUESTS}); a few keys also have the short names operators already use ({@code
 * AO_JWT_SECRET}). Values are typed like the key's default. A value that cannot be typed is a
 * problem to report, and its key keeps its earlier value so the typed validation does not report
 * the same key twice.
 */
final class EnvOverlay {

  static final String PREFIX = "AO_";

  /** Names the config file; not a key itself. */
  static final String CONFIG_FILE = "AO_CONFIG";

  /**
   * Variables that ./run.sh's launcher (devstack/.../run/DevStack.java) reads, and the services
   * inherit: not configuration keys, so not "unknown" either. AO_DEV_* is the launcher's own.
   */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of("AO_API_JVM_OPTS", "AO_WORKER_JVM_OPTS", "AO_REDIS_SERVER_BIN");

  private static final String LAUNCHER_PREFIX = "AO_DEV_";

  private static final Map<String, String> ALIASES =
      Map.of(
          "AO_ADMIN_PASSWORD", "auth.admin_password",
          "AO_JWT_SECRET", "auth.jwt_secret");

  private final JsonObject overlay = new JsonObject();
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final SortedSet<String> unknownNames = new TreeSet<>();

  private EnvOverlay() {}

  static EnvOverlay from(JsonObject defaults, Map<String, String> environment) {
    SortedMap<String, String> pathsByName = pathsByName(defaults);
    EnvOverlay result = new EnvOverlay();
    // Which variable set each path, to catch an alias and the full name disagreeing.
    Map<String, String> setterByPath = new HashMap<>();

    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      String text = variable.getValue();
      if (!name.startsWith(PREFIX)
          || name.equals(CONFIG_FILE)
          || name.startsWith(LAUNCHER_PREFIX)
          || LAUNCHER_VARIABLES.contains(name)) {
        continue;
      }
      String path = pathsByName.get(name);
      if (path == null) {
        result.unknownNames.add(name);
        continue;
      }
      String earlierName = setterByPath.putIfAbsent(path, name);
      if (earlierName != null) {
        if (!Objects.equals(environment.get(earlierName), text)) {
          // Values not echoed: both names cover secrets.
          result.problems.add(
              new ConfigProblem(
                  path,
                  "set by both "
                      + earlierName
                      + " and "
                      + name
                      + " with different values; set only one"));
        }
        continue;
      }
      try {
        put(result.overlay, path, coerce(text, ConfigValues.valueAt(defaults, path)));
      } catch (IllegalArgumentException untypeable) {
        result.problems.add(
            new ConfigProblem(
                path,
                "expected "
                    + untypeable.getMessage()
                    + " (from "
                    + name
                    + "), got "
                    + ConfigValues.echo(text)));
      }
    }
    return result;
  }

  /** The keys to override, nested like the config file. */
  JsonObject overlay() {
    return overlay.copy();
  }

  List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** {@code AO_} variables that name no key: likely typos, worth a warning but not a failure. */
  SortedSet<String> unknownNames() {
    return Collections.unmodifiableSortedSet(unknownNames);
  }

  /**
   * Env name → dotted path for every leaf of {@code defaults}, plus the aliases whose key exists.
   *
   * @throws IllegalStateException when two keys map to one name ({@code a.b_c} and {@code a_b.c}),
   *     a mistake in the defaults that would make one of them unsettable
   */
  static SortedMap<String, String> pathsByName(JsonObject defaults) {
    SortedMap<String, String> paths = new TreeMap<>();
    for (String path : new TreeSet<>(leafPaths("", defaults, new ArrayList<>()))) {
      // Keys may hold characters env names cannot ('-' in a CRM field name); they become '_' too.
      String name = PREFIX + path.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
      String clash = paths.put(name, path);
      if (clash != null) {
        throw new IllegalStateException(
            "default keys " + clash + " and " + path + " both map to " + name);
      }
    }
    ALIASES.forEach(
        (alias, path) -> {
          if (paths.containsValue(path)) {
            paths.put(alias, path);
          }
        });
    return Collections.unmodifiableSortedMap(paths);
  }

  /**
   * The dotted path of every leaf: anything that is not a non-empty object, so scalars, arrays and
   * empty objects (such as {@code rate_limit.per_role: {}}, which can then be set as a whole).
   */
  private static List<String> leafPaths(String prefix, JsonObject json, List<String> paths) {
    for (String field : json.fieldNames()) {
      if (json.getValue(field) instanceof JsonObject child && !child.isEmpty()) {
        leafPaths(prefix + field + ".", child, paths);
      } else {
        paths.add(prefix + field);
      }
    }
    return paths;
  }

  /** Sets the value at {@code path}, creating (or replacing non-object) parents on the way. */
  static void put(JsonObject json, String path, Object value) {
    JsonObject current = json;
    String[] segments = path.split("\\.");
    for (int i = 0; i < segments.length - 1; i++) {
      JsonObject child =
          current.getValue(segments[i]) instanceof JsonObject existing ? existing : null;
      if (child == null) {
        child = new JsonObject();
        current.put(segments[i], child);
      }
      current = child;
    }
    current.put(segments[segments.length - 1], value);
  }

  /**
   * The variable's text as a value of the same JSON type as the key's default.
   *
   * @throws IllegalArgumentException whose message is the expectation ("an integer")
   */
  private static Object coerce(String text, Object defaultValue) {
    if (defaultValue instanceof Integer || defaultValue instanceof Long) {
      return wholeNumber(text.trim(), defaultValue instanceof Integer);
    }
    if (defaultValue instanceof Number) {
      return decimal(text.trim());
    }
    if (defaultValue instanceof Boolean) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("true or false");
      };
    }
    if (defaultValue instanceof JsonArray) {
      return json(text, "a JSON array", JsonArray::new);
    }
    if (defaultValue instanceof JsonObject) {
      return json(text, "a JSON object", JsonObject::new);
    }
    // Strings (and keys whose default is null) take the text as it is: spaces may matter in a
    // secret.
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

  private static Object json(String text, String expectation, Function<String, Object> parser) {
    try {
      return parser.apply(text);
    } catch (DecodeException | ClassCastException notThatJson) {
      throw new IllegalArgumentException(expectation);
    }
  }
}
