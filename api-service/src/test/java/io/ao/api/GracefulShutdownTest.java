package io.ao.api;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.RunningApi;
import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM behind a load balancer (chaos finding): the stop used to close the HTTP servers at once
 * and Redis right after, so requests in flight got a reset connection or a 500 ("Client is
 * closed"). Now it drains, stops listening, and lets what is in flight finish.
 */
@ExtendWith(RedisServerExtension.class)
class GracefulShutdownTest {

  private final LocalRedisServer server;
  private Vertx vertx;
  private Redis redis;

  GracefulShutdownTest(LocalRedisServer server) {
    this.server = server;
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, server.url());
  }

  @AfterEach
  void stop() {
    await(redis.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")));
    await(vertx.close());
  }

  @Test
  void aStoppingApiFinishesTheRequestInFlightThenRefusesConnections() throws Exception {
    RunningApi api =
        RunningApi.start(
            vertx,
            server.url(),
            Map.of("AO_HTTP_DRAIN_MS", "400", "AO_RATE_LIMIT_ENABLED", "false"));
    // hold the write in Redis, so it is still in flight when the stop begins
    await(redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(1500).arg("WRITE")));
    Future<HttpResponse<Buffer>> inFlight =
        api.asAdmin(HttpMethod.POST, "/api/tasks")
            .sendJsonObject(new JsonObject().put("type", "noop"));
    Thread.sleep(200);

    Future<Void> stopped = api.server().stop();
    HttpResponse<Buffer> duringDrain = api.anonymous(HttpMethod.GET, "/health/ready");
    assertThat(duringDrain.statusCode()).isEqualTo(503);
    assertThat(duringDrain.getHeader("Connection"))
        .as("clients are asked to leave")
        .isEqualToIgnoringCase("close");

    HttpResponse<Buffer> finished = await(inFlight);
    assertThat(finished.statusCode())
        .as("the request in flight: %s", finished.bodyAsString())
        .isEqualTo(202);
    await(stopped);

    Throwable refused = null;
    // a new connection: one the pool kept from the request in flight is closed by the stop
    // (HttpClosedException), which says nothing about whether the port still accepts
    WebClient fresh = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    try {
      fresh
          .get(api.port(), "127.0.0.1", "/health/live")
          .send()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      refused = e.getCause();
    }
    assertThat(refused)
        .as("after the stop, connections are refused")
        .isInstanceOf(ConnectException.class);
  }
}
