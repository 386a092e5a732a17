package io.ao.shared.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration: the key (a dotted path such as {@code http.port}, or an
 * environment variable such as {@code AO_CONFIG}) and what was expected instead.
 */
public record ConfigProblem(String key, String message) {

  public ConfigProblem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
