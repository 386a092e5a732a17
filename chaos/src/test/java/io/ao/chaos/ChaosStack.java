package io.ao.chaos;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.ao.devstack.redis.DataDirectory;
import io.ao.devstack.redis.FreePort;
import io.ao.devstack.redis.LocalRedisSentinel;
import io.ao.devstack.redis.LocalRedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Everything one fault scenario runs against, on loopback: Redis with {@code appendfsync always},
 * the CRM stand-in, a GreenMail SMTP server, the API jar and the worker jar as separate JVMs.
 * Retries are set so a task outlives the longest outage of the suite (25 attempts, 0.2-4 s apart)
 * and a dead worker's tasks are taken over after 2 s, so every scenario ends in a verdict rather
 * than in dead letters.
 */
final class ChaosStack implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(60);

  /** Longer than the load's keep-alive idle timeout, see {@link SteadyLoad#KEEP_ALIVE_SECONDS}. */
  static final long DRAIN_MS = 3_000;

  final Vertx vertx = Vertx.vertx();

  /** The one Redis server; null when the stack runs on {@link #sentinel}. */
  final LocalRedisServer redis;

  /** A master, 2 replicas and 3 Sentinels; null when the stack runs on one {@link #redis}. */
  final LocalRedisSentinel sentinel;

  final FaultyCrm crm;
  final GreenMail mail;
  private final Path root;
  private final Path dir;
  private final Map<String, String> common = new HashMap<>();
  private final List<JavaService> apis = new ArrayList<>();
  private final List<Integer> apiPorts = new ArrayList<>();
  private final List<JavaService> workers = new CopyOnWriteArrayList<>();
  private final String adminPassword = randomSecret(18);
  private int workerCount;

  ChaosStack(Path root, Path dir) throws Exception {
    this(root, dir, -1);
  }

  /**
   * {@code minReplicasAck} -1: one Redis server with AOF {@code appendfsync always}; 0 or more: a
   * Sentinel-managed master with 2 replicas (AOF everysec: a failover, not a restart, is what they
   * face) and 3 Sentinels, the services in sentinel mode with that {@code redis.min_replicas_ack}.
   */
  ChaosStack(Path root, Path dir, int minReplicasAck) throws Exception {
    this.root = root;
    this.dir = dir;
    DataDirectory.delete(
        dir); // a scenario starts from nothing: an old AOF would hold another run's admin
    if (minReplicasAck < 0) {
      redis = LocalRedisServer.create(0, dir.resolve("redis"), "always").start();
      sentinel = null;
      common.put("AO_REDIS_URL", redis.url());
    } else {
      redis = null;
      sentinel = LocalRedisSentinel.start(2, 3, dir.resolve("redis"), "everysec");
      common.putAll(sentinel.environment());
      common.put("AO_REDIS_MIN_REPLICAS_ACK", Integer.toString(minReplicasAck));
      common.put("AO_REDIS_REPLICA_ACK_TIMEOUT_MS", "1000");
    }
    crm = new FaultyCrm(vertx, FreePort.find());
    crm.up().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    int smtpPort = FreePort.find();
    mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    mail.start();
    common.putAll(
        Map.of(
            "AO_QUEUE_MAX_ATTEMPTS", "25",
            "AO_QUEUE_RETRY_BASE_DELAY_MS", "200",
            "AO_QUEUE_RETRY_MAX_DELAY_MS", "4000",
            "AO_QUEUE_VISIBILITY_TIMEOUT_MS", "2000"));
    common.putAll(
        Map.of(
            "AO_CRM_API_BASE_URL", crm.url(),
            "AO_CRM_TIMEOUT_MS", "2000",
            "AO_EMAIL_SMTP_HOST", "127.0.0.1",
            "AO_EMAIL_SMTP_PORT", Integer.toString(smtpPort),
            "AO_WORKER_RECLAIM_INTERVAL_MS", "500",
            "AO_WORKER_HEARTBEAT_INTERVAL_MS", "500"));
  }

  /** Starts {@code count} API instances sharing one JWT secret, each on its own port. */
  ChaosStack withApis(int count) throws InterruptedException {
    String jwtSecret = randomSecret(48);
    for (int i = 1; i <= count; i++) {
      int port = FreePort.find();
      Map<String, String> env = new HashMap<>(common);
      env.putAll(
          Map.of(
              "AO_HTTP_PORT",
              Integer.toString(port),
              "AO_JWT_SECRET",
              jwtSecret,
              "AO_ADMIN_PASSWORD",
              adminPassword,
              "AO_RATE_LIMIT_PER_ROLE",
              "{\"admin\": 1000000}",
              "AO_AUDIT_BACKUP_DIR",
              dir.resolve("audit-backups").toString(),
              "AO_HTTP_DRAIN_MS",
              Long.toString(DRAIN_MS)));
      JavaService api =
          new JavaService(
              "api-" + i,
              root.resolve("api-service/target/api-service.jar"),
              List.of(),
              env,
              dir.resolve("logs"),
              "http://127.0.0.1:" + port + "/health/ready");
      apis.add(api.start());
      apiPorts.add(port);
    }
    for (JavaService api : apis) {
      if (!api.awaitReady(READY)) {
        throw new IllegalStateException(
            api.name() + " did not become ready; see " + dir.resolve("logs"));
      }
    }
    return this;
  }

  ChaosStack withWorkers(int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      startWorker();
    }
    return this;
  }

  /** A new worker process with a new consumer name, as a restarted pod would have. */
  JavaService startWorker() throws InterruptedException {
    int number;
    synchronized (this) {
      number = ++workerCount;
    }
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>(common);
    env.put("AO_WORKER_HTTP_PORT", Integer.toString(port));
    JavaService worker =
        new JavaService(
            "worker-" + number,
            root.resolve("task-worker/target/task-worker.jar"),
            List.of("--queue", "default", "--worker-id", "worker-" + number),
            env,
            dir.resolve("logs"),
            "http://127.0.0.1:" + port + "/health/ready");
    workers.add(worker.start());
    if (!worker.awaitReady(READY)) {
      throw new IllegalStateException(
          worker.name() + " did not become ready; see " + dir.resolve("logs"));
    }
    return worker;
  }

  void startWorkerUnchecked() {
    try {
      startWorker();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  List<JavaService> apis() {
    return apis;
  }

  List<Integer> apiPorts() {
    return apiPorts;
  }

  List<JavaService> workers() {
    return workers;
  }

  String adminToken() throws Exception {
    WebClient client = WebClient.create(vertx);
    try {
      var response =
          client
              .post(apiPorts.get(0), "127.0.0.1", "/api/auth/login")
              .sendJsonObject(
                  new JsonObject().put("username", "admin").put("password", adminPassword))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "admin login: " + response.statusCode() + " " + response.bodyAsString());
      }
      return response.bodyAsJsonObject().getString("access_token");
    } finally {
      client.close();
    }
  }

  @Override
  public void close() throws Exception {
    for (JavaService worker : workers) {
      worker.stop(Duration.ofSeconds(30));
    }
    for (JavaService api : apis) {
      api.stop(Duration.ofSeconds(20));
    }
    mail.stop();
    if (redis != null) {
      redis.stop();
    } else {
      sentinel.stop();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String randomSecret(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
