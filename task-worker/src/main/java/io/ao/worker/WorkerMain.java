package io.ao.worker;

import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.config.InvalidConfigException;
import io.ao.shared.email.EmailTemplateStore;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.RedisPlacement;
import io.ao.shared.redis.ReplicaAcknowledgedRedis;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.shared.workflows.engine.ConfigSeeder;
import io.ao.worker.consumer.ConsumerSettings;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.workflows.RunAdvancer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a task worker: {@code java -jar task-worker.jar --queue default --worker-id worker-1}.
 * SIGTERM (or Ctrl-C) stops it gracefully: stop reading, finish what is in flight within the grace
 * period, leave the rest pending for other workers.
 */
public final class WorkerMain {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args, HandlerRegistry.withBuiltIns()));
  }

  /**
   * Runs a worker with the given handlers until the JVM is asked to stop; returns the exit code.
   */
  public static int run(String[] args, HandlerRegistry handlers) {
    WorkerCommandLine commandLine;
    try {
      commandLine = WorkerCommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("task-worker: " + e.getMessage());
      System.err.println(WorkerCommandLine.USAGE);
      return 2;
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(meters))
            .build();
    AppConfig config;
    try {
      config =
          await(ConfigLoader.fromProcessEnvironment(vertx).load("worker-defaults.json"), 30_000);
    } catch (InvalidConfigException e) {
      System.err.println("task-worker: invalid configuration: " + e.getMessage());
      await(vertx.close(), 5_000);
      return 2;
    }
    WorkerVerticle.WorkerDependencies deps;
    try {
      deps = dependencies(vertx, config, commandLine, handlers, meters);
      DomainHandlers.register(handlers, vertx, deps.redis(), config, meters);
    } catch (IllegalArgumentException e) {
      // a workflow or scoring rule that does not make sense: say which, no stack trace
      System.err.println("task-worker: invalid configuration: " + e.getMessage());
      await(vertx.close(), 5_000);
      return 2;
    }
    // the configured workflows as version 1, unless they exist (the API seeds the same)
    await(
        ConfigSeeder.keepSeeding(
            vertx,
            deps.workflows().engine().definitions(),
            config.workflows(),
            new EmailTemplateStore(deps.redis(), deps.workflows().engine().keys()),
            config.email().templates(),
            LOG),
        30_000);
    String deploymentId;
    try {
      deploymentId =
          await(
              vertx.deployVerticle(
                  new WorkerVerticle(deps),
                  new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)),
              30_000);
    } catch (RuntimeException e) {
      LOG.error("task-worker failed to start: {}", e.getMessage());
      await(vertx.close(), 5_000);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    long graceMs = deps.settings().shutdownGraceMs();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info(
                      "worker {} stopping: finishing tasks in flight (grace {} ms)",
                      deps.settings().workerId(),
                      graceMs);
                  try {
                    await(vertx.undeploy(deploymentId), graceMs + 10_000);
                  } catch (RuntimeException e) {
                    LOG.warn("worker stop incomplete: {}", e.getMessage());
                  }
                  try {
                    await(vertx.close(), 10_000);
                  } catch (RuntimeException e) {
                    LOG.warn("closing Vert.x failed: {}", e.getMessage());
                  }
                  LOG.info("worker {} stopped", deps.settings().workerId());
                  stopped.countDown();
                  // A clean stop after SIGTERM is a success: without halt the JVM would report 143.
                  Runtime.getRuntime().halt(0);
                },
                "worker-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static WorkerVerticle.WorkerDependencies dependencies(
      Vertx vertx,
      AppConfig config,
      WorkerCommandLine commandLine,
      HandlerRegistry handlers,
      PrometheusMeterRegistry meters) {
    RedisOptions redisOptions = RedisClientOptions.from(config.redis(), "worker-commands");
    // Every outcome script (and so every acknowledgement of a task whose side effects ran) waits
    // for redis.min_replicas_ack replicas; the blocking reader below does not need to.
    Redis pool =
        ReplicaAcknowledgedRedis.wrap(
            SharedConnectionRedis.create(vertx, redisOptions),
            config.redis().minReplicasAck(),
            config.redis().replicaAckTimeoutMs());
    var worker = config.worker();
    var queue = config.queue();
    ConsumerSettings settings =
        new ConsumerSettings(
            commandLine.workerId().orElseGet(WorkerMain::defaultWorkerId),
            worker.concurrency(),
            worker.batchSize(),
            1_000,
            queue.visibilityTimeoutMs(),
            worker.promoteIntervalMs(),
            worker.reclaimIntervalMs(),
            worker.heartbeatIntervalMs(),
            worker.taskTimeoutMs(),
            worker.shutdownGraceMs(),
            queue.retryBaseDelayMs(),
            queue.retryMaxDelayMs(),
            queue.taskRetentionSeconds());
    if (commandLine.concurrency().isPresent()) {
      settings = settings.withConcurrency(commandLine.concurrency().get());
    }
    List<String> queues =
        commandLine.queues().isEmpty() ? config.queue().queues() : commandLine.queues();
    // Blocking reads hold their connection for up to blockMs: keep them off the pool, one
    // connection per partition consumer (a cluster client holds one per node it reads from),
    // and a spare for the cluster client's slot-map reloads.
    Redis readerClient =
        Redis.createClient(
            vertx,
            RedisClientOptions.forHeldConnections(redisOptions, queues.size() * queue.partitions())
                .setPoolName("worker-reader"));
    return new WorkerVerticle.WorkerDependencies(
        pool,
        readerClient,
        meters,
        handlers,
        settings,
        queues,
        config.redis().keyPrefix(),
        queue.partitions(),
        worker.httpHost(),
        worker.httpPort(),
        RunAdvancer.from(pool, config, meters),
        new RedisPlacement(vertx, pool, config.redis()));
  }

  private static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "worker";
    }
    return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "-");
  }

  /** Waits on a future from the main or shutdown thread (never from an event loop). */
  private static <T> T await(Future<T> future, long timeoutMs) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + timeoutMs + " ms", e);
    }
  }
}
