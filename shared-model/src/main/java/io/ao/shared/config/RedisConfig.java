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
 * @param mode {@code standalone}, {@code cluster} ({@code url} is a seed node) or {@code sentinel}
 *     (the master of {@code masterName}, found through {@code sentinels}; {@code url} unused)
 * @param clusterNodes further seed nodes of the cluster (any one reachable is enough)
 * @param sentinels the Sentinels' URLs ({@code redis.mode: sentinel})
 * @param masterName the name the Sentinels monitor the master under
 * @param sentinelPassword the password for the Sentinels; empty: none. The Vert.x 5.0 client
 *     carries a Sentinel URL's credentials to the master it reports, so this is the master's
 *     password too
 * @param minReplicasAck replicas that must confirm a write (WAIT) before it is acknowledged; 0:
 *     acknowledged once the master holds it
 * @param replicaAckTimeoutMs how long WAIT may take before the request fails with 503
 */
public record RedisConfig(
    String url,
    int poolSize,
    int maxWaitingHandlers,
    boolean required,
    long connectTimeoutMs,
    String keyPrefix,
    String mode,
    List<String> clusterNodes,
    List<String> sentinels,
    String masterName,
    String sentinelPassword,
    int minReplicasAck,
    long replicaAckTimeoutMs) {

  public static final String STANDALONE = "standalone";
  public static final String CLUSTER = "cluster";
  public static final String SENTINEL = "sentinel";
  private static final Pattern SEED_URL = Pattern.compile("rediss?://[^\\s,]+");
  private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public RedisConfig {
    clusterNodes = List.copyOf(clusterNodes);
    sentinels = List.copyOf(sentinels);
  }

  /** As the record would print it, with the Sentinel password left out. */
  @Override
  public String toString() {
    return "RedisConfig[url=%s, mode=%s, sentinels=%s, master_name=%s, min_replicas_ack=%d]"
        .formatted(
            url.replaceAll("//([^@/]*)@", "//***@"), mode, sentinels, masterName, minReplicasAck);
  }

  public boolean cluster() {
    return CLUSTER.equals(mode);
  }

  public boolean sentinel() {
    return SENTINEL.equals(mode);
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
            config.oneOf("redis.mode", Set.of(STANDALONE, CLUSTER, SENTINEL)),
            config.optionalStringList(
                "redis.cluster_nodes", SEED_URL, "a redis:// or rediss:// URL"),
            config.optionalStringList("redis.sentinels", SEED_URL, "a redis:// or rediss:// URL"),
            config.matching(
                "redis.master_name", MASTER_NAME, "1-64 characters of A-Z a-z 0-9 _ . -"),
            config.string("redis.sentinel_password"),
            config.requiredInt("redis.min_replicas_ack", 0, 16),
            config.durationMs("redis.replica_ack_timeout_ms", 1, 60_000));
    // seeds without cluster mode would be ignored silently: say so at start instead
    config.check(
        redis.cluster() || redis.clusterNodes().isEmpty(),
        "redis.cluster_nodes",
        "empty unless redis.mode is cluster, got " + ConfigValues.echo(redis.clusterNodes()));
    config.check(
        redis.sentinel() == !redis.sentinels().isEmpty(),
        "redis.sentinels",
        redis.sentinel()
            ? "at least one Sentinel URL when redis.mode is sentinel"
            : "empty unless redis.mode is sentinel, got " + ConfigValues.echo(redis.sentinels()));
    // WAIT has no key, so a Cluster client sends it to any node, not the one that took the write
    config.check(
        !redis.cluster() || redis.minReplicasAck() == 0,
        "redis.min_replicas_ack",
        "0 when redis.mode is cluster (WAIT would reach an arbitrary node), got "
            + redis.minReplicasAck());
    return redis;
  }
}
