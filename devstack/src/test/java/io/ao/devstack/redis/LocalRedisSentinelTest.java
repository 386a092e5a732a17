package io.ao.devstack.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalRedisSentinelTest {

  @Test
  void aKilledMasterIsReplacedByAReplicaAndComesBackAsAReplica() throws Exception {
    Path dir = Files.createTempDirectory("ao-sentinel-test-");
    LocalRedisSentinel set = LocalRedisSentinel.start(2, 3, dir, "everysec");
    try {
      LocalRedisServer master = set.master();
      assertThat(master).isNotNull();
      assertThat(LocalRedisSentinel.role(master.port())).isEqualTo("master");
      assertThat(set.sentinelUrls()).hasSize(3);
      assertThat(RespPing.array(master.port(), List.of("SET", "k", "before"))).isEqualTo("+OK");
      assertThat(RespPing.array(master.port(), List.of("WAIT", "2", "2000"))).isEqualTo(":2");

      int oldPort = master.port();
      master.kill();
      int newPort = set.awaitNewMaster(oldPort, 30_000);

      assertThat(newPort).isNotEqualTo(oldPort);
      assertThat(RespPing.bulk(newPort, "GET k")).isEqualTo("before");
      master.start();
      set.awaitReplicaOnline(oldPort, 30_000);
      assertThat(LocalRedisSentinel.role(oldPort)).isEqualTo("slave");
      assertThat(set.environment()).containsEntry("AO_REDIS_MODE", "sentinel");
    } finally {
      set.destroy();
    }
  }

  /** A fresh machine without redis-server on PATH falls back to the jar's binary (Redis 6.2). */
  @Test
  void theEmbeddedBinaryRunsTheSentinelsAndFailsOverToo() throws Exception {
    Path dir = Files.createTempDirectory("ao-sentinel-embedded-");
    LocalRedisSentinel set = LocalRedisSentinel.start(RedisBinary.embedded(), 1, 3, dir, null);
    try {
      assertThat(set.version()).startsWith("6.2");
      int oldPort = set.master().port();
      set.failover();
      int newPort = set.awaitNewMaster(oldPort, 30_000);
      assertThat(newPort).isNotEqualTo(oldPort);
      set.awaitReplicaOnline(oldPort, 30_000);
    } finally {
      set.destroy();
    }
  }
}
