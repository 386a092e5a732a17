package io.ao.shared.redis;

import io.ao.shared.config.RedisConfig;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.List;

/**
 * The Vert.x Redis client options for {@code redis.*}: one server, a Redis Cluster reached through
 * its seed nodes, or the master of a Sentinel-monitored set. In cluster mode the client learns the
 * slot map from a seed (CLUSTER SLOTS), sends each command to the master of its keys' slot and
 * follows MOVED/ASK; {@code pool_size} then counts connections per node.
 *
 * <p>What the 5.0 cluster client does with the commands used here (its sources): EVAL and EVALSHA
 * are routed by the keys their numkeys names, and fail in the client (CROSSSLOT) when those keys
 * hash to different slots; XREADGROUP, XAUTOCLAIM and the other key commands go to the slot of
 * their key; {@code batch()} goes to one node and is refused when its keys live on different nodes;
 * commands without keys (INFO, PING, FLUSHALL, SCAN) go to any one node, except KEYS, DBSIZE and
 * FLUSHDB, which it sends to every master and merges. The services use no SCAN, KEYS or MULTI.
 *
 * <p>In sentinel mode (the 5.0 sentinel client's sources): each new connection asks a Sentinel for
 * the master (SENTINEL GET-MASTER-ADDR-BY-NAME, cached for the topology TTL, 1 s), so once the
 * Sentinels promote a replica, connections opened after that reach the new master; with automatic
 * failover a held connection (the worker's blocking reader) is moved to the new master when a
 * Sentinel announces {@code +switch-master}. Connections to a dead master fail, which the services
 * answer with 503 until a master is known again.
 */
public final class RedisClientOptions {

  /** How long a learned master address is trusted before a Sentinel is asked again. */
  static final long SENTINEL_TOPOLOGY_TTL_MS = 1_000;

  private RedisClientOptions() {}

  public static RedisOptions from(RedisConfig config, String poolName) {
    RedisOptions options =
        config.cluster()
            ? cluster(config.seeds())
            : config.sentinel()
                ? sentinel(config.sentinels(), config.masterName(), config.sentinelPassword())
                : standalone(config.url());
    return options
        .setMaxPoolSize(config.poolSize())
        .setMaxPoolWaiting(config.maxWaitingHandlers())
        .setPoolName(poolName);
  }

  /**
   * {@code options} for a client each of whose connections one caller holds for good (the workers'
   * blocking reads): a pool of one connection per holder (per node in cluster mode) and a spare.
   *
   * <p>The spare is the cluster client's own. It forgets its slot map every {@code
   * hashSlotCacheTTL} (1 s by default) and reloads it with CLUSTER SLOTS over a connection from a
   * seed node's pool; until the map is back, every command sent on the client's connections waits
   * for it (5.0.8, vertx-redis-client issue 541, fixed in 5.0.10). With every pooled connection
   * held, the reload waited for a free one forever, and every held connection's next command with
   * it: the workers stopped reading a second after they started.
   */
  public static RedisOptions forHeldConnections(RedisOptions options, int holders) {
    if (holders < 1) {
      throw new IllegalArgumentException("holders must be >= 1");
    }
    return new RedisOptions(options).setMaxPoolSize(holders + 1);
  }

  public static RedisOptions standalone(String url) {
    return new RedisOptions().setConnectionString(url);
  }

  public static RedisOptions cluster(List<String> seeds) {
    RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
    seeds.forEach(options::addConnectionString);
    return options;
  }

  /** {@code password} empty: the Sentinel URLs' own credentials, if any. */
  public static RedisOptions sentinel(List<String> sentinels, String masterName, String password) {
    RedisOptions options =
        new RedisOptions()
            .setType(RedisClientType.SENTINEL)
            .setMasterName(masterName)
            .setRole(RedisRole.MASTER)
            .setAutoFailover(true)
            .setTopologyCacheTTL(SENTINEL_TOPOLOGY_TTL_MS);
    sentinels.forEach(options::addConnectionString);
    if (!password.isEmpty()) {
      options.setPassword(password);
    }
    return options;
  }
}
