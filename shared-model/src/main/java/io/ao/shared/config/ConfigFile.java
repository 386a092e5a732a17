package io.ao.shared.config;

import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The operator's config file named by {@code AO_CONFIG}: where it is and how to parse it. */
record ConfigFile(String path, String format) {

  private static final Set<String> UNDETAILED_DECODE_FAILURES =
      Set.of("Failed to decode", "Failed to decode YAML");

  /**
   * The file named by {@code AO_CONFIG}, if any. A blank value counts as unset, as manifests often
   * template the variable in and leave it empty.
   *
   * @throws InvalidConfigException when the name does not end in .json, .yaml or .yml
   */
  static Optional<ConfigFile> fromEnvironment(Map<String, String> environment) {
    String path = environment.get(EnvOverlay.CONFIG_FILE);
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return Optional.of(new ConfigFile(path, "json"));
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return Optional.of(new ConfigFile(path, "yaml"));
    }
    throw new InvalidConfigException(
        problem("expected a path ending in .json, .yaml or .yml, got " + ConfigValues.echo(path)));
  }

  /** A vertx-config store reading this file; not optional, since the operator asked for it. */
  ConfigStoreOptions storeOptions() {
    return new ConfigStoreOptions()
        .setType("file")
        .setFormat(format)
        .setOptional(false)
        .setConfig(new JsonObject().put("path", path));
  }

  InvalidConfigException missing() {
    return new InvalidConfigException(
        problem("the file " + ConfigValues.echo(path) + " does not exist"));
  }

  InvalidConfigException unreadable(Throwable cause) {
    return new InvalidConfigException(
        problem(
            "cannot read "
                + ConfigValues.echo(path)
                + " as "
                + format.toUpperCase(Locale.ROOT)
                + ": "
                + reason(cause)));
  }

  private static String reason(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    // vertx-config says nothing useful when the top level is not a mapping: a scalar or a list
    // fails to decode without detail, and a YAML file of only comments becomes null and fails
    // the merge with a NullPointerException.
    if (cause instanceof NullPointerException || UNDETAILED_DECODE_FAILURES.contains(message)) {
      return "expected a mapping of sections (http, redis, ...) at the top level";
    }
    // YAML parse errors span lines; keep one problem per line.
    return message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  private static ConfigProblem problem(String message) {
    return new ConfigProblem(EnvOverlay.CONFIG_FILE, message);
  }
}
