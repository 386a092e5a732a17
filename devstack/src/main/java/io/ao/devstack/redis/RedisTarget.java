package io.ao.devstack.redis;

import java.util.List;

/**
 * What a test needs to know of the Redis it runs against, so one test body can run
 * against a single server and against a cluster.
 */
public interface RedisTarget {

  /** A single server's URL, or one seed node's of a cluster. */
  String url();

  /** Every node's URL when this is a cluster (the client's seeds); empty for a single server. */
  List<String> clusterUrls();

  default boolean isCluster() {
    return !clusterUrls().isEmpty();
  }

  /** Empties every node. */
  void flushAll();
}
