package io.ao.shared.config;

import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which environment variable sets which key. Every key defined by the defaults can be set as
 * {@code AO_} + its dotted path upper-cased with '.' → '_' ({@code rate_limit.max_requests} →
 * {@code AO_RATE_LIMIT_MAX_REQUESTS}); a few keys also have the short names operators already
 * use ({@code AO_JWT_SECRET}).
 */
final class EnvNames {

  static final String PREFIX = "AO_";
  /** Names the config file; not a key itself. */
  static final String CONFIG_FILE = "AO_CONFIG";

  private static final Map<String, String> ALIASES = Map.of(
    "AO_ADMIN_PASSWORD", "auth.admin_password",
    "AO_JWT_SECRET", "auth.jwt_secret");

  private EnvNames() {
  }

  /**
   * Env name → dotted path for every leaf of {@code defaults}, plus the aliases whose key exists.
   *
   * @throws IllegalStateException when two keys map to one name ({@code a.b_c} and {@code a_b.c}),
   *                               a mistake in the defaults that would make one of them unsettable
   */
  static SortedMap<String, String> pathsByName(JsonObject defaults) {
    SortedMap<String, String> paths = new TreeMap<>();
    for (String path : JsonPaths.leaves(defaults).keySet()) {
      String name = nameOf(path);
      String clash = paths.put(name, path);
      if (clash != null) {
        throw new IllegalStateException("default keys " + clash + " and " + path + " both map to " + name);
      }
    }
    ALIASES.forEach((alias, path) -> {
      if (paths.containsValue(path)) {
        paths.put(alias, path);
      }
    });
    return Collections.unmodifiableSortedMap(paths);
  }

  static String nameOf(String path) {
    // Keys may hold characters env names cannot ('-' in a CRM field name); they become '_' too.
    return PREFIX + path.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
