package io.ao.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ao.shared.http.SecurityHeaders;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerHttpServerTest {

  @Test
  void everyAnswerOfTheWorkerPortCarriesTheApisSecurityHeaders() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WorkerHttpServer server =
          new WorkerHttpServer(
              vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> false);
      await(server.listen("127.0.0.1", 0));
      WebClient client = WebClient.create(vertx);
      for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/nope"}) {
        HttpResponse<Buffer> response =
            await(client.get(server.actualPort(), "127.0.0.1", path).send());
        assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(response.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
        assertThat(response.getHeader("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        assertThat(response.getHeader("Cache-Control")).as(path).isEqualTo("no-store");
        assertThat(response.getHeader("Content-Security-Policy"))
            .as(path)
            .isEqualTo(SecurityHeaders.API_CSP);
      }
      client.close();
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
