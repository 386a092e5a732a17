package io.ao.api.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Roles in increasing power: an agent works leads, an operator runs queues, an admin runs the
 * service.
 */
public enum Role {
  AGENT,
  OPERATOR,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this role may do what {@code required} may do. */
  public boolean atLeast(Role required) {
    return compareTo(required) >= 0;
  }

  public static Optional<Role> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
