package io.ao.devstack.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRedisServerTest {

  @TempDir Path dir;

  @Test
  void theEmbeddedBinaryRunsWhenNoRedisIsInstalled() {
    LocalRedisServer server = LocalRedisServer.create(0, dir, null);
    Path embedded = RedisBinary.embedded();
    LocalRedisServer fromJar = new LocalRedisServerFactory(embedded).create(dir);
    try {
      fromJar.start();
      assertThat(RespPing.answers(fromJar.port())).isTrue();
      assertThat(fromJar.version()).as("the embedded-redis jar ships Redis 6.2").startsWith("6.2.");
      assertThat(fromJar.binary()).isEqualTo(embedded);
    } finally {
      fromJar.stop();
    }
    assertThat(server.port()).isNotEqualTo(6379);
  }

  @Test
  void aRestartKeepsAppendOnlyData() {
    LocalRedisServer server = LocalRedisServer.create(0, dir, "always").start();
    try {
      assertThat(server.version()).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(RespPing.command(server.port(), "SET greeting hello")).isEqualTo("+OK");
      server.restart();
      assertThat(RespPing.command(server.port(), "EXISTS greeting")).isEqualTo(":1");
    } finally {
      server.stop();
    }
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void aKilledServerCanBeStartedAgainOnTheSamePort() {
    LocalRedisServer server = LocalRedisServer.create(0, dir, "always").start();
    try {
      int port = server.port();
      RespPing.command(port, "SET survivor yes");
      server.kill();
      assertThat(RespPing.answers(port)).isFalse();
      server.start();
      assertThat(server.port()).isEqualTo(port);
      assertThat(RespPing.command(port, "EXISTS survivor"))
          .as("appendfsync always")
          .isEqualTo(":1");
    } finally {
      server.stop();
    }
  }

  @Test
  void aBinaryThatCannotStartFailsWithItsLog() {
    LocalRedisServer broken = new LocalRedisServerFactory(Path.of("/bin/false")).create(dir);
    Assertions.assertThatThrownBy(broken::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not answer");
  }

  /** Builds a server on a given binary, bypassing PATH lookup. */
  private record LocalRedisServerFactory(Path binary) {
    LocalRedisServer create(Path dir) {
      return LocalRedisServer.withBinary(binary, 0, dir, null);
    }
  }
}
