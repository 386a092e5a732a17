package io.ao.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.redis.LocalRedisSentinel;
import io.ao.shared.queue.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** redis.min_replicas_ack against a real master with one replica (no Sentinels needed). */
class ReplicaAcknowledgedRedisTest {

  private static LocalRedisSentinel set;
  private static Vertx vertx;
  private static Redis plain;

  @BeforeAll
  static void start() throws Exception {
    set = LocalRedisSentinel.start(1, 0, Files.createTempDirectory("ao-ack-"), null);
    vertx = Vertx.vertx();
    plain = Redis.createClient(vertx, set.dataNodes().get(0).url());
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
    set.destroy();
  }

  @Test
  void aScriptWriteIsAcknowledgedOnceAReplicaHoldsItAndFallsBackToEvalOnNoscript()
      throws Exception {
    await(plain.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
    Redis acked = ReplicaAcknowledgedRedis.wrap(plain, 1, 2_000);
    LuaScript script = LuaScript.fromClasspath("/io/ao/shared/redis/test_set.lua");

    Response reply = await(script.run(acked, List.of("ack:k"), List.of("v1")));

    assertThat(reply.toString()).isEqualTo("OK");
    Response onReplica =
        await(
            Redis.createClient(vertx, set.dataNodes().get(1).url())
                .send(Request.cmd(Command.GET).arg("ack:k")));
    assertThat(onReplica.toString()).isEqualTo("v1");
  }

  @Test
  void moreReplicasThanThereAreFailTheWriteWithATimeoutThatSaysSoAndTheWriteStays()
      throws Exception {
    Redis acked = ReplicaAcknowledgedRedis.wrap(plain, 2, 100);

    Throwable failure = failureOf(acked.send(Request.cmd(Command.SET).arg("ack:two").arg("x")));

    assertThat(failure).isInstanceOf(ReplicaAckTimeoutException.class);
    assertThat(failure.getMessage())
        .isEqualTo("Redis confirmed the write on 1 of the 2 replicas required within 100 ms");
    assertThat(await(plain.send(Request.cmd(Command.GET).arg("ack:two"))).toString())
        .isEqualTo("x");
  }

  @Test
  void readsGoWithoutWaitAndZeroIsThePlainClient() throws Exception {
    assertThat(ReplicaAcknowledgedRedis.wrap(plain, 0, 100)).isSameAs(plain);
    Redis acked = ReplicaAcknowledgedRedis.wrap(plain, 5, 100);
    assertThat(ReplicaAcknowledgedRedis.isRead(Request.cmd(Command.HGETALL).arg("x"))).isTrue();
    assertThat(ReplicaAcknowledgedRedis.isRead(Request.cmd(Command.EVALSHA).arg("x"))).isFalse();
    // 5 replicas could never confirm, yet a read answers at once
    assertThat(await(acked.send(Request.cmd(Command.GET).arg("ack:none")))).isNull();
  }

  @Test
  void aFailedCommandInTheBatchFailsWithItsOwnReply() throws Exception {
    Redis acked = ReplicaAcknowledgedRedis.wrap(plain, 1, 1_000);
    await(plain.send(Request.cmd(Command.SET).arg("ack:str").arg("x")));

    Throwable failure =
        failureOf(acked.send(Request.cmd(Command.HSET).arg("ack:str").arg("f").arg("v")));

    assertThat(failure.getMessage()).startsWith("WRONGTYPE");
  }

  @Test
  void aConnectionLostUnderTheBatchIsAConnectionClosedReply() throws Exception {
    Throwable closed =
        failureOf(
            ReplicaAcknowledgedRedis.asSent(
                io.vertx.redis.client.impl.types.ErrorType.create(
                    "ERR [0] io.netty.channel.StacklessClosedChannelException")));
    Throwable noScript =
        failureOf(
            ReplicaAcknowledgedRedis.asSent(
                io.vertx.redis.client.impl.types.ErrorType.create(
                    "ERR [0] NOSCRIPT No matching script. Please use EVAL.")));
    Throwable scriptError =
        failureOf(
            ReplicaAcknowledgedRedis.asSent(
                io.vertx.redis.client.impl.types.ErrorType.create("ERR [0] user_script:1: oops")));

    assertThat(closed.getMessage()).startsWith("CONNECTION_CLOSED ");
    assertThat(noScript.getMessage()).isEqualTo("NOSCRIPT No matching script. Please use EVAL.");
    assertThat(scriptError.getMessage()).isEqualTo("ERR user_script:1: oops");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failureOf(Future<?> future) throws Exception {
    try {
      await(future);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
