package io.ao.api;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Redis connection that drops under a request is an outage for that request: 503, not 500. */
@ExtendWith(RedisServerExtension.class)
class RedisDropUnderRequestTest {

  private final LocalRedisServer server;
  private Vertx vertx;
  private Redis redis;
  private RunningApi api;

  RedisDropUnderRequestTest(LocalRedisServer server) {
    this.server = server;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, server.url());
  }

  @AfterEach
  void stop() {
    api.close();
    await(vertx.close());
  }

  /**
   * Chaos finding: a Redis connection that dropped under a command (Redis killed or restarted)
   * failed the request with CONNECTION_CLOSED, which the API answered 500 until its health probe
   * noticed. Here Redis stays up (the probe keeps saying so): writes are paused, and the API's
   * connections are killed while its write waits.
   */
  @Test
  void aRequestWhoseRedisConnectionDropsUnderItIsAnswered503() throws Exception {
    // without the limiter's script in front, the paused command is the write itself
    api = RunningApi.start(vertx, server.url(), Map.of("AO_RATE_LIMIT_ENABLED", "false"));
    await(redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("WRITE")));
    try {
      Future<HttpResponse<Buffer>> write =
          api.asAdmin(HttpMethod.POST, "/api/tasks")
              .sendJsonObject(new JsonObject().put("type", "noop"));
      Thread.sleep(500);
      await(
          redis.send(
              Request.cmd(Command.CLIENT)
                  .arg("KILL")
                  .arg("TYPE")
                  .arg("normal")
                  .arg("SKIPME")
                  .arg("yes")));
      HttpResponse<Buffer> answer = await(write);
      Problems.assertProblem(answer, 503);
      assertThat(answer.getHeader("Retry-After")).isEqualTo("1");
    } finally {
      await(redis.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")));
    }
    assertThat(api.get("/health/ready").statusCode())
        .as("Redis itself was up all along")
        .isEqualTo(200);
  }
}
