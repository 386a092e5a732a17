package io.ao.shared.workflows;

import java.util.Arrays;
import java.util.Optional;

/** How many active runs of a definition a lead may have. */
public enum Uniqueness {
  /** Any number. */
  NONE("none"),
  /** At most one: a second start is refused (409) or, for a trigger, skipped and counted. */
  PER_LEAD("per_lead");

  private final String wire;

  Uniqueness(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Uniqueness> fromWire(String wire) {
    return Arrays.stream(values()).filter(value -> value.wire.equals(wire)).findFirst();
  }
}
