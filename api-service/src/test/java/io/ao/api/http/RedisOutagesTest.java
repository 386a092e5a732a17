package io.ao.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class RedisOutagesTest {

  @Test
  void whatADyingOrRestartingRedisThrowsIsAnOutage() {
    assertThat(RedisOutages.isOutage(new ConnectException("Connection refused"))).isTrue();
    assertThat(RedisOutages.isOutage(new SocketException("Connection reset")))
        .as("chaos: SIGKILL under a command")
        .isTrue();
    assertThat(RedisOutages.isOutage(new ClosedChannelException())).isTrue();
    assertThat(RedisOutages.isOutage(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(
            RedisOutages.isOutage(
                ErrorType.create("LOADING Redis is loading the dataset in memory")))
        .isTrue();
    assertThat(
            RedisOutages.isOutage(
                ErrorType.create("READONLY You can't write against a read only replica.")))
        .isTrue();
    assertThat(
            RedisOutages.isOutage(
                new VertxException("wrapped", new SocketException("Connection reset"))))
        .as("found as a cause too")
        .isTrue();
  }

  @Test
  void bugsAndRefusedCommandsAreNot() {
    assertThat(RedisOutages.isOutage(new IllegalStateException("Client is closed"))).isFalse();
    assertThat(
            RedisOutages.isOutage(
                ErrorType.create("ERR wrong number of arguments for 'get' command")))
        .isFalse();
    assertThat(RedisOutages.isOutage(ErrorType.create("NOSCRIPT No matching script"))).isFalse();
    assertThat(RedisOutages.isOutage(null)).isFalse();
  }
}
