package io.ao.worker.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries one consumer has read and not yet recorded, by entry id, with the time it got
 * each. Bounds what the fetcher and the recoverer may take on. One event loop uses it, so it needs
 * no locking.
 */
final class InFlightDeliveries {

  private final int capacity;
  private final Map<String, Long> since = new LinkedHashMap<>();

  InFlightDeliveries(int capacity) {
    this.capacity = capacity;
  }

  /** False when the entry is already in flight here (a reclaim can return our own entries). */
  boolean add(String entryId) {
    return since.putIfAbsent(entryId, System.currentTimeMillis()) == null;
  }

  void remove(String entryId) {
    since.remove(entryId);
  }

  int size() {
    return since.size();
  }

  boolean isEmpty() {
    return since.isEmpty();
  }

  int free() {
    return capacity - since.size();
  }

  /** Entries this consumer has held for longer than {@code ageMs}. */
  List<String> olderThan(long ageMs) {
    long now = System.currentTimeMillis();
    List<String> old = new ArrayList<>();
    since.forEach(
        (entry, at) -> {
          if (now - at > ageMs) {
            old.add(entry);
          }
        });
    return old;
  }
}
