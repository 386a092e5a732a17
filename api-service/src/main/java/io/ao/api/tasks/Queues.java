package io.ao.api.tasks;

import io.ao.api.http.ProblemException;
import io.ao.shared.queue.PartitionedQueue;
import io.ao.shared.queue.QueuePartitions;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured queues by name, each split into {@code queue.partitions}; the first one is the
 * default.
 */
public final class Queues {

  private final Map<String, PartitionedQueue> byName = new LinkedHashMap<>();

  public Queues(
      Redis redis, String keyPrefix, List<String> names, int partitions, long retentionSeconds) {
    names.forEach(
        name ->
            byName.put(
                name,
                new PartitionedQueue(
                    redis, QueuePartitions.of(keyPrefix, name, partitions), retentionSeconds)));
  }

  public PartitionedQueue defaultQueue() {
    return byName.values().iterator().next();
  }

  /**
   * The named queue, the default when {@code name} is null; 422 naming {@code field} when unknown.
   */
  public PartitionedQueue named(String name, String field) {
    if (name == null) {
      return defaultQueue();
    }
    PartitionedQueue queue = byName.get(name);
    if (queue == null) {
      throw ProblemException.invalid(
          field, "unknown queue '" + name + "'; known: " + byName.keySet());
    }
    return queue;
  }

  public Collection<PartitionedQueue> all() {
    return byName.values();
  }

  public List<QueuePartitions> partitions() {
    List<QueuePartitions> partitions = new ArrayList<>();
    byName.values().forEach(queue -> partitions.add(queue.partitions()));
    return partitions;
  }
}
