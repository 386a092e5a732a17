package io.ao.shared.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration set through {@code AO_...} environment variables, as a JSON overlay on
 * top of the defaults and the file. Values are typed like the key's default. A value that
 * cannot be typed is a problem to report, and its key keeps its earlier value so the typed
 * validation does not report the same key twice.
 */
final class EnvOverrides {

  private final JsonObject overlay;
  private final List<ConfigProblem> problems;
  private final SortedSet<String> unknownNames;

  private EnvOverrides(JsonObject overlay, List<ConfigProblem> problems, SortedSet<String> unknownNames) {
    this.overlay = overlay;
    this.problems = List.copyOf(problems);
    this.unknownNames = unknownNames;
  }

  static EnvOverrides from(JsonObject defaults, Map<String, String> environment) {
    SortedMap<String, String> pathsByName = EnvNames.pathsByName(defaults);
    JsonObject overlay = new JsonObject();
    List<ConfigProblem> problems = new ArrayList<>();
    SortedSet<String> unknownNames = new TreeSet<>();
    // Which variable set each path, to catch an alias and the full name disagreeing.
    Map<String, String> setterByPath = new HashMap<>();

    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      String text = variable.getValue();
      if (!name.startsWith(EnvNames.PREFIX) || name.equals(EnvNames.CONFIG_FILE)) {
        continue;
      }
      String path = pathsByName.get(name);
      if (path == null) {
        unknownNames.add(name);
        continue;
      }
      String earlierName = setterByPath.putIfAbsent(path, name);
      if (earlierName != null) {
        if (!Objects.equals(environment.get(earlierName), text)) {
          // Values not echoed: both names cover secrets.
          problems.add(new ConfigProblem(path, "set by both " + earlierName + " and " + name
            + " with different values; set only one"));
        }
        continue;
      }
      try {
        JsonPaths.put(overlay, path, EnvValues.coerce(text, JsonPaths.get(defaults, path)));
      } catch (IllegalArgumentException untypeable) {
        problems.add(new ConfigProblem(path, "expected " + untypeable.getMessage()
          + " (from " + name + "), got " + ConfigReader.echo(text)));
      }
    }
    return new EnvOverrides(overlay, problems, unknownNames);
  }

  /** The keys to override, nested like the config file. */
  JsonObject overlay() {
    return overlay.copy();
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  /** {@code AO_} variables that name no key: likely typos, worth a warning but not a failure. */
  SortedSet<String> unknownNames() {
    return unknownNames;
  }
}
