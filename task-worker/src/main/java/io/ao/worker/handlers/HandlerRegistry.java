package io.ao.worker.handlers;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Task handlers keyed by task type. */
public final class HandlerRegistry {

  private final Map<String, TaskHandler> byType = new TreeMap<>();

  public HandlerRegistry register(TaskHandler handler) {
    if (byType.putIfAbsent(handler.type(), handler) != null) {
      throw new IllegalArgumentException("two handlers for task type '" + handler.type() + "'");
    }
    return this;
  }

  public Optional<TaskHandler> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Collection<String> types() {
    return byType.keySet();
  }

  /** The handlers every worker has, whatever else it is configured with. */
  public static HandlerRegistry withBuiltIns() {
    return new HandlerRegistry().register(new NoopHandler()).register(new WakeHandler());
  }
}
