package io.ao.devstack.run;

import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's run command: a Redis (unless AO_REDIS_URL names one), the API and one worker as
 * child processes. Ctrl-C (or SIGTERM) stops the services first, then Redis, so the append-only
 * file under ./var/redis holds everything the services wrote.
 */
public final class DevStack {

  private static final int DEFAULT_REDIS_PORT = 6390;

  /** The run command's own Redis refuses writes past this (AO_DEV_REDIS_MAXMEMORY to change). */
  private static final String DEFAULT_REDIS_MAXMEMORY = "1gb";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  /** How long after a child exits a Ctrl-C may still be arriving here. */
  private static final Duration STOP_NOTICE = Duration.ofSeconds(2);

  private DevStack() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Map<String, String> env = System.getenv();
    Path apiJar = root.resolve("api-service/target/api-service.jar");
    Path workerJar = root.resolve("task-worker/target/task-worker.jar");
    for (Path jar : List.of(apiJar, workerJar)) {
      if (!Files.isRegularFile(jar)) {
        System.err.println(
            "devstack: "
                + root.relativize(jar)
                + " is missing; build with ./mvnw -DskipTests package (./run.sh does)");
        System.exit(2);
      }
    }
    int apiPort = intFrom(env, "AO_HTTP_PORT", 8080);
    int workerPort = intFrom(env, "AO_WORKER_HTTP_PORT", 8081);
    requireFree(apiPort, "AO_HTTP_PORT", "the API");
    requireFree(workerPort, "AO_WORKER_HTTP_PORT", "the worker");

    ChildProcesses children = new ChildProcesses();
    LocalRedisServer redis = null;
    String redisUrl = env.get("AO_REDIS_URL");
    if (redisUrl == null || redisUrl.isBlank()) {
      int port = intFrom(env, "AO_DEV_REDIS_PORT", DEFAULT_REDIS_PORT);
      redis =
          LocalRedisServer.create(
                  FreePort.isFree(port) ? port : 0, root.resolve("var/redis"), "everysec")
              .maxMemory(env.getOrDefault("AO_DEV_REDIS_MAXMEMORY", DEFAULT_REDIS_MAXMEMORY))
              .stopOnJvmExit(false);
      log(
          "starting Redis ("
              + redis.binary()
              + ") on 127.0.0.1:"
              + redis.port()
              + ", data in var/redis, maxmemory "
              + env.getOrDefault("AO_DEV_REDIS_MAXMEMORY", DEFAULT_REDIS_MAXMEMORY)
              + " noeviction");
      redis.start();
      redisUrl = redis.url();
    }
    LocalRedisServer ownRedis = redis;
    CountDownLatch stopping = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.countDown();
                  log("stopping API and worker");
                  children.stopAll(Duration.ofSeconds(20));
                  if (ownRedis != null) {
                    log("stopping Redis");
                    ownRedis.stop();
                  }
                  log("stopped");
                },
                "devstack-stop"));

    Map<String, String> childEnv = ChildEnvironment.of(env, redisUrl, apiPort, workerPort);
    DevSecrets secrets = new DevSecrets(root.resolve("var"));
    if (isBlank(env.get("AO_JWT_SECRET"))) {
      childEnv.put("AO_JWT_SECRET", secrets.jwtSecret());
    }
    Path passwordFile = root.resolve("var/admin-password");
    childEnv.put("AO_AUTH_ADMIN_PASSWORD_FILE", passwordFile.toString());
    Path archives = root.resolve("var/cds");
    children.start(
        "api",
        javaCommand(
            env.get("AO_API_JVM_OPTS"), new ClassDataArchive(archives, "api", apiJar), apiJar),
        childEnv,
        root);
    List<String> worker =
        javaCommand(
            env.get("AO_WORKER_JVM_OPTS"),
            new ClassDataArchive(archives, "worker", workerJar),
            workerJar);
    worker.addAll(List.of("--queue", "default", "--worker-id", "worker-1"));
    children.start("worker", worker, childEnv, root);

    if (awaitReady("http://127.0.0.1:" + apiPort + "/health/ready", children)) {
      printBanner(
          apiPort, workerPort, redisUrl, ownRedis != null, !isBlank(env.get("AO_ADMIN_PASSWORD")));
    } else {
      log("the API did not become ready within " + READY_TIMEOUT.toSeconds() + " s; stopping");
      System.exit(1);
    }
    String died = children.awaitFirstExit();
    // Ctrl-C reaches the children and this process at once: a child that exits because of it
    // is part of the stop the shutdown hook is doing, not a crash.
    if (!stopping.await(STOP_NOTICE.toMillis(), TimeUnit.MILLISECONDS)) {
      log(died + " exited on its own; stopping the rest");
      System.exit(1);
    }
  }

  private static boolean awaitReady(String url, ChildProcesses children)
      throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && children.allAlive()) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** A taken port fails at once, naming it, rather than as a child that never becomes ready. */
  private static void requireFree(int port, String variable, String service) {
    if (!FreePort.isFree(port)) {
      System.err.println(
          "devstack: port "
              + port
              + " for "
              + service
              + " is taken by another program; stop it or set "
              + variable
              + " to a free port");
      System.exit(2);
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static void printBanner(
      int apiPort, int workerPort, String redisUrl, boolean ownRedis, boolean passwordFromEnv) {
    String api = "http://127.0.0.1:" + apiPort;
    System.out.println();
    System.out.println("  Automation Orchestrator is up");
    System.out.println("  API        " + api);
    System.out.println("  Docs       " + api + "/docs   (OpenAPI: " + api + "/openapi.json)");
    System.out.println("  Health     " + api + "/health/detailed");
    System.out.println(
        "  Metrics    " + api + "/metrics   worker: http://127.0.0.1:" + workerPort + "/metrics");
    System.out.println(
        "  Redis      " + redisUrl + (ownRedis ? "   (data kept in ./var/redis)" : ""));
    String password = passwordFromEnv ? "$AO_ADMIN_PASSWORD" : "$(cat var/admin-password)";
    System.out.println(
        "  Log in     user admin, password "
            + (passwordFromEnv
                ? "from AO_ADMIN_PASSWORD"
                : "in var/admin-password (generated on the first start)"));
    System.out.println(
        "             curl -s " + api + "/api/auth/login -H 'Content-Type: application/json' \\");
    System.out.println(
        "               -d \"{\\\"username\\\":\\\"admin\\\",\\\"password\\\":\\\""
            + password
            + "\\\"}\"");
    System.out.println(
        "             then send the access_token as the header  Authorization: Bearer <token>");
    System.out.println("  Stop       Ctrl-C");
    System.out.println();
  }

  /**
   * Heap sized for a laptop rather than a quarter of the machine (the JVM's default): the API stays
   * within 300 MiB resident under the 1000-user burst (BENCHMARKS.md). AO_API_JVM_OPTS /
   * AO_WORKER_JVM_OPTS replace these flags.
   */
  static final String DEFAULT_JVM_OPTS =
      "-Xms64m -Xmx192m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m";

  private static List<String> javaCommand(String jvmOptions, ClassDataArchive classes, Path jar) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    String options = isBlank(jvmOptions) ? DEFAULT_JVM_OPTS : jvmOptions;
    command.addAll(List.of(options.trim().split("\\s+")));
    command.addAll(classes.jvmFlags());
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int intFrom(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      System.err.println("devstack: " + name + " must be a port number, got '" + value + "'");
      System.exit(2);
      return fallback;
    }
  }

  static void log(String message) {
    System.out.println("[devstack] " + message);
  }
}
