package io.ao.shared.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Redis connection both services share ({@code redis} section).
 *
 * @param maxWaitingHandlers requests allowed to wait for a pooled connection before failing fast
 * @param required true: refuse to start without Redis; false: start degraded and retry
 * @param keyPrefix first part of every key ({@code ao:{default}:stream})
 * @param cluster true ({@code redis.mode: cluster}): Redis Cluster, {@code url} is a seed node
 * @param clusterNodes further seed nodes of the cluster (any one reachable is enough)
 */
public record RedisConfig(
    String url,
    int poolSize,
    int maxWaitingHandlers,
    boolean required,
    long connectTimeoutMs,
    String keyPrefix,
    boolean cluster,
    List<String> clusterNodes) {

  public static final String STANDALONE = "standalone";
  public static final String CLUSTER = "cluster";
  private static final Pattern SEED_URL = Pattern.compile("rediss?://[^\\s,]+");

  public RedisConfig {
    clusterNodes = List.copyOf(clusterNodes);
  }

  /** The nodes a client starts from: {@code url} first, then {@code cluster_nodes}. */
  public List<String> seeds() {
    List<String> seeds = new ArrayList<>();
    seeds.add(url);
    clusterNodes.stream().filter(node -> !node.equals(url)).forEach(seeds::add);
    return List.copyOf(seeds);
  }

  // No '{', '}' or ':' — the prefix sits in front of the hash-tagged queue part of each key,
  // and a brace would change which slot Redis Cluster hashes the key to.
  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  static RedisConfig read(ConfigReader config) {
    RedisConfig redis =
        new RedisConfig(
            config.url("redis.url", "redis", "rediss"),
            config.requiredInt("redis.pool_size", 1, 1024),
            config.requiredInt("redis.max_waiting_handlers", 1, 1_000_000),
            config.bool("redis.required"),
            config.durationMs("redis.connect_timeout_ms", 1, 600_000),
            config.matching("redis.key_prefix", KEY_PREFIX, "1-32 characters of A-Z a-z 0-9 _ . -"),
            CLUSTER.equals(config.oneOf("redis.mode", Set.of(STANDALONE, CLUSTER))),
            config.optionalStringList(
                "redis.cluster_nodes", SEED_URL, "a redis:// or rediss:// URL"));
    // seeds without cluster mode would be ignored silently: say so at start instead
    config.check(
        redis.cluster() || redis.clusterNodes().isEmpty(),
        "redis.cluster_nodes",
        "empty unless redis.mode is cluster, got " + ConfigValues.echo(redis.clusterNodes()));
    return redis;
  }
}
