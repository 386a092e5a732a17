package io.ao.shared.redis;

import io.vertx.redis.client.impl.ZModem;

/**
 * The Redis Cluster slot of a key, by the rule every cluster node applies (CRC16 of its hash tag,
 * the text inside the first non-empty {...}, or of the whole key, modulo 16384): the one the Vert.x
 * cluster client routes by, used here to choose partition tags without asking a server.
 */
public final class ClusterSlot {

  public static final int SLOTS = 16384;

  private ClusterSlot() {}

  public static int of(String key) {
    return ZModem.generate(key);
  }
}
