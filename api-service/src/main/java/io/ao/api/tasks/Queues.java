package io.ao.api.tasks;

import io.ao.api.http.ProblemException;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskQueue;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured queues by name; the first one is the default. */
public final class Queues {

  private final Map<String, TaskQueue> byName = new LinkedHashMap<>();

  public Queues(Redis redis, String keyPrefix, List<String> names, long retentionSeconds) {
    names.forEach(name -> byName.put(name, new TaskQueue(redis, new QueueKeys(keyPrefix, name), retentionSeconds)));
  }

  public TaskQueue defaultQueue() {
    return byName.values().iterator().next();
  }

  /** The named queue, the default when {@code name} is null; 422 naming {@code field} when unknown. */
  public TaskQueue named(String name, String field) {
    if (name == null) {
      return defaultQueue();
    }
    TaskQueue queue = byName.get(name);
    if (queue == null) {
      throw ProblemException.invalid(field, "unknown queue '" + name + "'; known: " + byName.keySet());
    }
    return queue;
  }

  public Collection<TaskQueue> all() {
    return byName.values();
  }

  public List<QueueKeys> keys() {
    List<QueueKeys> keys = new ArrayList<>();
    byName.values().forEach(queue -> keys.add(queue.keys()));
    return keys;
  }
}
