package io.ao.api.metrics;

import static io.ao.api.support.RunningApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /metrics renders off the event loop and reuses its text while it is young. */
class PrometheusEndpointTest {

  private final Vertx vertx = Vertx.vertx();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<String> renderingThread = new AtomicReference<>();

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void scrapesWithinTheMaxAgeGetTheSameTextAndALaterScrapeSeesNewCounts() throws Exception {
    Counter counter = Counter.builder("test_events_total").register(registry);
    // a gauge is read while rendering: it tells which thread rendered
    Gauge.builder(
            "test_rendering_thread",
            () -> {
              renderingThread.set(Thread.currentThread().getName());
              return 1;
            })
        .register(registry);
    WebClient client = serve(new PrometheusEndpoint(vertx, registry, 400));

    counter.increment();
    HttpResponse<Buffer> first = await(client.get("/metrics").send());
    counter.increment(5);
    HttpResponse<Buffer> second = await(client.get("/metrics").send());
    Thread.sleep(500);
    HttpResponse<Buffer> third = await(client.get("/metrics").send());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("Content-Type")).isEqualTo(PrometheusEndpoint.CONTENT_TYPE);
    assertThat(first.bodyAsString()).contains("test_events_total 1.0");
    assertThat(second.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(third.bodyAsString()).contains("test_events_total 6.0");
    assertThat(renderingThread.get()).doesNotContain("eventloop");
  }

  @Test
  void withNoMaxAgeEveryScrapeRendersAndConcurrentScrapesAllGetAnAnswer() {
    Counter counter = Counter.builder("test_events_total").register(registry);
    WebClient client = serve(new PrometheusEndpoint(vertx, registry, 0));

    counter.increment();
    assertThat(await(client.get("/metrics").send()).bodyAsString())
        .contains("test_events_total 1.0");
    counter.increment();
    assertThat(await(client.get("/metrics").send()).bodyAsString())
        .contains("test_events_total 2.0");

    List<Future<HttpResponse<Buffer>>> together = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      together.add(client.get("/metrics").send());
    }
    await(Future.all(new ArrayList<>(together)));
    assertThat(
            together.stream()
                .map(reply -> reply.result().statusCode() + " " + reply.result().bodyAsString()))
        .allMatch(reply -> reply.startsWith("200 ") && reply.contains("test_events_total 2.0"));
  }

  private WebClient serve(PrometheusEndpoint endpoint) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(endpoint::handle);
    HttpServer server =
        await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return WebClient.create(
        vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }
}
