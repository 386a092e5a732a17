package io.ao.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.redis.LocalRedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionTest {

  private static LocalRedisServer fromBeforeAll;

  @BeforeAll
  static void remember(LocalRedisServer server) {
    fromBeforeAll = server;
  }

  @Test
  void everyTestOfTheClassGetsTheSameRunningServerOnAFreePort(LocalRedisServer server) {
    assertThat(server).isSameAs(fromBeforeAll);
    assertThat(server.isRunning()).isTrue();
    assertThat(server.port()).isNotEqualTo(6379);
    assertThat(server.url()).isEqualTo("redis://127.0.0.1:" + server.port());
  }
}
