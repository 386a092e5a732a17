package io.ao.loadtest.engine;

import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway stack for one engine benchmark: its own Redis (devstack's {@link LocalRedisServer} on
 * a free loopback port, no persistence, never the machine's), and the built API and worker jars as
 * processes on it, each logging into the run's folder. The admin's password and the JWT secret are
 * made up for this stack alone; the rate limit is set high (the benchmarks are one principal).
 * {@link #close} stops the processes, then Redis.
 */
public final class EngineStack implements AutoCloseable {

  private static final long READY_MS = 90_000;

  /** What to start: {@code api} an API process or none, {@code workers} worker processes. */
  public record Plan(
      Path root,
      boolean api,
      int workers,
      String apiJvmOpts,
      String workerJvmOpts,
      Map<String, String> env) {}

  private final LocalRedisServer redis;
  private final List<Process> processes = new ArrayList<>();
  private final List<Long> workerPids = new ArrayList<>();
  private final String adminPassword = "bench-" + Long.toHexString(System.nanoTime()) + "-pw";
  private int apiPort;
  private long apiPid;

  private EngineStack(LocalRedisServer redis) {
    this.redis = redis;
  }

  /** Starts Redis, then the API and the workers, and waits until each answers /health/ready. */
  public static EngineStack start(Plan plan, Path folder) throws Exception {
    LocalRedisServer redis = LocalRedisServer.create(0, folder.resolve("redis-data"), null);
    redis.start();
    EngineStack stack = new EngineStack(redis);
    try {
      if (plan.api()) {
        stack.apiPort = FreePort.find();
        Map<String, String> env = stack.baseEnv(plan);
        env.put("AO_HTTP_PORT", Integer.toString(stack.apiPort));
        env.put(
            "AO_JWT_SECRET", "bench-" + System.nanoTime() + "-0123456789abcdef0123456789abcdef");
        env.put("AO_ADMIN_PASSWORD", stack.adminPassword);
        Process api =
            stack.launch(
                plan.root().resolve("api-service/target/api-service.jar"),
                plan.apiJvmOpts(),
                env,
                folder.resolve("api.log"));
        stack.apiPid = api.pid();
        stack.awaitReady(api, stack.apiPort, "the API");
      }
      for (int i = 0; i < plan.workers(); i++) {
        int port = FreePort.find();
        Map<String, String> env = stack.baseEnv(plan);
        env.put("AO_WORKER_HTTP_PORT", Integer.toString(port));
        Process worker =
            stack.launch(
                plan.root().resolve("task-worker/target/task-worker.jar"),
                plan.workerJvmOpts(),
                env,
                folder.resolve("worker-" + i + ".log"));
        stack.workerPids.add(worker.pid());
        stack.awaitReady(worker, port, "worker " + i);
      }
      return stack;
    } catch (Exception failed) {
      stack.close();
      throw failed;
    }
  }

  private Map<String, String> baseEnv(Plan plan) {
    Map<String, String> env = new HashMap<>();
    env.put("AO_REDIS_URL", redis.url());
    env.put("AO_RATE_LIMIT_MAX_REQUESTS", "100000000");
    env.putAll(plan.env());
    return env;
  }

  private Process launch(Path jar, String jvmOpts, Map<String, String> env, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jvmOpts != null && !jvmOpts.isBlank()) {
      command.addAll(List.of(jvmOpts.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AO_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void awaitReady(Process process, int port, String what) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited with " + process.exitValue());
      }
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(what + " not ready within " + READY_MS + " ms");
  }

  public String redisUrl() {
    return redis.url();
  }

  public int redisPort() {
    return redis.port();
  }

  public int apiPort() {
    return apiPort;
  }

  public long apiPid() {
    return apiPid;
  }

  public List<Long> workerPids() {
    return List.copyOf(workerPids);
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** SIGTERM to each process (the worker finishes its tasks), SIGKILL after 30 s, then Redis. */
  @Override
  public void close() throws InterruptedException {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    redis.stop();
  }
}
