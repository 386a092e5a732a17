package io.ao.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.loadtest.calibrate.Calibration;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class CalibrationTest {

  @Test
  void theCalibrationServerAnswersAllThreeRoutesWithoutFailures(LocalRedisServer redis)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject result =
          new Calibration(vertx, redis.url())
              .run(4, 1)
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      assertThat(result.getJsonArray("endpoints"))
          .hasSize(3)
          .allSatisfy(
              row -> {
                JsonObject figures = (JsonObject) row;
                assertThat(figures.getLong("requests")).isPositive();
                assertThat(figures.getLong("failures")).isZero();
              });
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
