package io.ao.api;

import io.ao.api.metrics.MetricsVertx;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.config.ConfigRequirement;
import io.ao.shared.config.InvalidConfigException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar api-service.jar}: loads the configuration (a wrong value stops it with exit code
 * 2 and a message naming the key), starts the API, and on SIGTERM or Ctrl-C drains (readiness 503),
 * closes the servers and exits 0.
 */
public final class ApiMain {

  private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

  private ApiMain() {}

  public static void main(String[] args) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = MetricsVertx.create(meters);
    ApiServer server;
    try {
      AppConfig config =
          await(
              ConfigLoader.fromProcessEnvironment(vertx)
                  .load("api-defaults.json", ConfigRequirement.SIGNING_KEY),
              30_000);
      server =
          await(ApiServer.start(vertx, config, meters), config.redis().connectTimeoutMs() + 30_000);
    } catch (InvalidConfigException e) {
      System.err.println("api-service: invalid configuration: " + e.getMessage());
      exit(vertx, 2);
      return;
    } catch (RuntimeException e) {
      System.err.println("api-service: could not start: " + e.getMessage());
      exit(vertx, 1);
      return;
    }
    ApiServer running = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  var http = running.dependencies().config().http();
                  LOG.info(
                      "API stopping: draining for {} ms, then up to {} ms for requests in flight",
                      http.drainMs(),
                      http.shutdownGraceMs());
                  try {
                    await(running.stop(), http.drainMs() + http.shutdownGraceMs() + 5_000);
                    await(vertx.close(), 10_000);
                  } catch (RuntimeException e) {
                    LOG.warn("API stop incomplete: {}", e.getMessage());
                  }
                  LOG.info("API stopped");
                  // A clean stop after SIGTERM is a success: without halt the JVM would report 143.
                  Runtime.getRuntime().halt(0);
                },
                "api-shutdown"));
  }

  private static void exit(Vertx vertx, int code) {
    try {
      await(vertx.close(), 5_000);
    } catch (RuntimeException ignored) {
      // exiting anyway
    }
    System.exit(code);
  }

  /** Waits on a future from the main or shutdown thread (never from an event loop). */
  static <T> T await(Future<T> future, long timeoutMs) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + timeoutMs + " ms", e);
    }
  }
}
