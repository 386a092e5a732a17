package io.ao.shared.redis;

import io.ao.shared.config.RedisConfig;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.List;

/**
 * The Vert.x Redis client options for {@code redis.*}: one server, or a Redis Cluster reached
 * through its seed nodes. In cluster mode the client learns the slot map from a seed (CLUSTER
 * SLOTS), sends each command to the master of its keys' slot and follows MOVED/ASK; {@code
 * pool_size} then counts connections per node.
 *
 * <p>What the 5.0 cluster client does with the commands used here (its sources): EVAL and EVALSHA
 * are routed by the keys their numkeys names, and fail in the client (CROSSSLOT) when those keys
 * hash to different slots; XREADGROUP, XAUTOCLAIM and the other key commands go to the slot of
 * their key; {@code batch()} goes to one node and is refused when its keys live on different nodes;
 * commands without keys (INFO, PING, FLUSHALL, SCAN) go to any one node, except KEYS, DBSIZE and
 * FLUSHDB, which it sends to every master and merges. The services use no SCAN, KEYS or MULTI.
 */
public final class RedisClientOptions {

  private RedisClientOptions() {}

  public static RedisOptions from(RedisConfig config, String poolName) {
    RedisOptions options = config.cluster() ? cluster(config.seeds()) : standalone(config.url());
    return options
        .setMaxPoolSize(config.poolSize())
        .setMaxPoolWaiting(config.maxWaitingHandlers())
        .setPoolName(poolName);
  }

  public static RedisOptions standalone(String url) {
    return new RedisOptions().setConnectionString(url);
  }

  public static RedisOptions cluster(List<String> seeds) {
    RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
    seeds.forEach(options::addConnectionString);
    return options;
  }
}
