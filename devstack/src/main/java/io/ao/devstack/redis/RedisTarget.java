package io.ao.devstack.redis;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a test needs to know of the Redis it runs against, so one test body can run against a single
 * server and against a cluster.
 */
public interface RedisTarget {

  /** A single server's URL, or one seed node's of a cluster. */
  String url();

  /** Every node's URL when this is a cluster (the client's seeds); empty for a single server. */
  List<String> clusterUrls();

  /** The services' {@code redis.mode} for this target. */
  default String mode() {
    return isCluster() ? "cluster" : "standalone";
  }

  default boolean isCluster() {
    return !clusterUrls().isEmpty();
  }

  /** The server's version, from INFO (e.g. "7.0.15"); "" when it does not answer. */
  String version();

  /** Empties every node. */
  void flushAll();

  /** Stops every node (keeping its files), for tests of Redis going away. */
  void stop();

  /** Starts the nodes again after {@link #stop()}, on the same ports and files. */
  RedisTarget start();

  /** The services' environment variables that point them at this Redis. */
  default Map<String, String> environment() {
    if (!isCluster()) {
      return Map.of("AO_REDIS_URL", url());
    }
    String seeds =
        clusterUrls().stream()
            .map(seed -> '"' + seed + '"')
            .collect(Collectors.joining(",", "[", "]"));
    return Map.of(
        "AO_REDIS_URL", url(), "AO_REDIS_MODE", "cluster", "AO_REDIS_CLUSTER_NODES", seeds);
  }
}
