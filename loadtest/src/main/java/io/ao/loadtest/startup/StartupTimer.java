package io.ao.loadtest.startup;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code startup} scenario: starts the API jar and the worker jar as fresh processes against a
 * running Redis and times each from process start to its first 200 on /health/ready, polled every 5
 * ms. Both are stopped afterwards.
 */
public final class StartupTimer {

  private static final long GIVE_UP_MS = 60_000;

  private final Path root;
  private final String redisUrl;
  private final List<String> apiJvmFlags;
  private final List<String> workerJvmFlags;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

  /**
   * The JVM flags, e.g. the run command's class-data archive ({@code
   * -XX:SharedArchiveFile=var/cds/api.jsa}).
   */
  public StartupTimer(Path root, String redisUrl, String apiJvmFlags, String workerJvmFlags) {
    this.root = root;
    this.redisUrl = redisUrl;
    this.apiJvmFlags = split(apiJvmFlags);
    this.workerJvmFlags = split(workerJvmFlags);
  }

  private static List<String> split(String flags) {
    return flags == null || flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
  }

  /** Each runs {@code rounds} times; the figures of every round are returned. */
  public JsonObject measure(int rounds) throws Exception {
    JsonObject result = new JsonObject();
    for (int round = 1; round <= rounds; round++) {
      int apiPort = freePort();
      long api =
          timeToReady(
              root.resolve("api-service/target/api-service.jar"),
              apiJvmFlags,
              apiPort,
              Map.of(
                  "AO_HTTP_PORT", Integer.toString(apiPort),
                  // a throwaway secret and password: the instance lives for this measurement only
                  "AO_JWT_SECRET",
                      "startup-timer-" + System.nanoTime() + "-0123456789abcdef0123456789abcdef",
                  "AO_ADMIN_PASSWORD", "startup-timer-" + System.nanoTime()));
      int workerPort = freePort();
      long worker =
          timeToReady(
              root.resolve("task-worker/target/task-worker.jar"),
              workerJvmFlags,
              workerPort,
              Map.of("AO_WORKER_HTTP_PORT", Integer.toString(workerPort)));
      result.put(
          "round_" + round,
          new JsonObject().put("api_ready_ms", api).put("worker_ready_ms", worker));
      System.out.printf(
          "round %d: API ready after %d ms, worker after %d ms%n", round, api, worker);
    }
    return result;
  }

  private long timeToReady(Path jar, List<String> jvmFlags, int port, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    builder.environment().put("AO_REDIS_URL", redisUrl);
    long started = System.nanoTime();
    Process process = builder.start();
    try {
      URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
      while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MS)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              jar.getFileName() + " exited with " + process.exitValue());
        }
        if (answersReady(ready)) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException(
          jar.getFileName() + " not ready within " + GIVE_UP_MS + " ms");
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private boolean answersReady(URI uri) {
    try {
      return http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(500)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException refused) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
