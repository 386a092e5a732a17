package io.ao.api;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.api.support.Problems;
import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.FreePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting without Redis, and with a wrong configuration. */
class StartupTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void withRedisRequiredTheApiRefusesToStartWithoutIt() {
    String nobody = "redis://127.0.0.1:" + FreePort.find();
    Future<ApiServer> start =
        RunningApi.tryStart(
            vertx,
            Map.of(
                "AO_REDIS_URL",
                nobody,
                "AO_REDIS_REQUIRED",
                "true",
                "AO_REDIS_CONNECT_TIMEOUT_MS",
                "1000",
                "AO_HTTP_PORT",
                Integer.toString(FreePort.find())));

    Throwable failure =
        await(start.<Throwable>transform(done -> Future.succeededFuture(done.cause())));
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage())
        .contains("did not answer within 1000 ms")
        .contains("redis.required is true");
  }

  @Test
  void withoutRedisRequiredTheApiStartsDegradedAndAnswers503WhereRedisIsNeeded() {
    String nobody = "redis://127.0.0.1:" + FreePort.find();
    try (RunningApi api = RunningApi.startWithoutLogin(vertx, nobody, Map.of())) {
      assertThat(api.get("/health").statusCode()).isEqualTo(200);
      assertThat(api.get("/health").bodyAsJsonObject().getString("status")).isEqualTo("degraded");
      assertThat(api.get("/health/ready").statusCode()).isEqualTo(503);
      assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
      Problems.assertProblem(api.postJson("/api/tasks", new JsonObject().put("type", "noop")), 503);
      Problems.assertProblem(api.get("/api/tasks/some-task"), 503);
      Problems.assertProblem(api.get("/api/admin/queues"), 503);
    }
  }

  @Test
  void aWrongValueStopsTheProcessWithExitCode2AndNamesTheKey() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java, "-cp", System.getProperty("java.class.path"), ApiMain.class.getName()))
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("AO_"));
    builder.environment().put("AO_HTTP_PORT", "seventy");
    builder.environment().put("AO_REDIS_URL", "no-scheme-host");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output)
        .contains("http.port")
        .contains("AO_HTTP_PORT")
        .contains("redis.url")
        .doesNotContain("Exception");
  }
}
