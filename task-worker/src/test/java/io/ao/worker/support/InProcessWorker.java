package io.ao.worker.support;

import io.ao.devstack.redis.LocalRedisSentinel;
import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.WorkerVerticle;
import io.ao.worker.consumer.ConsumerSettings;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.workflows.RunAdvancer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.List;

/**
 * A worker verticle deployed in the test's JVM, against the test's Redis (a server or a cluster).
 */
public final class InProcessWorker {

  private final Vertx vertx;
  private final WorkerVerticle verticle;
  private final String deploymentId;

  private InProcessWorker(Vertx vertx, WorkerVerticle verticle, String deploymentId) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
  }

  /** The worker's health/metrics port. */
  public int httpPort() {
    return verticle.httpPort();
  }

  /** Client options for the test's Redis: one server, or the cluster's seed nodes. */
  public static RedisOptions options(RedisTarget redis) {
    if (redis instanceof LocalRedisSentinel sentinel) {
      return RedisClientOptions.sentinel(
          sentinel.sentinelUrls(), LocalRedisSentinel.MASTER_NAME, "");
    }
    return redis.isCluster()
        ? RedisClientOptions.cluster(redis.clusterUrls())
        : RedisClientOptions.standalone(redis.url());
  }

  public static Future<InProcessWorker> deploy(
      Vertx vertx,
      String redisUrl,
      String queue,
      HandlerRegistry handlers,
      ConsumerSettings settings) {
    return deploy(
        vertx, RedisClientOptions.standalone(redisUrl), queue, 1, handlers, settings, null);
  }

  public static Future<InProcessWorker> deploy(
      Vertx vertx,
      String redisUrl,
      String queue,
      HandlerRegistry handlers,
      ConsumerSettings settings,
      RunAdvancer workflows) {
    return deploy(
        vertx, RedisClientOptions.standalone(redisUrl), queue, 1, handlers, settings, workflows);
  }

  public static Future<InProcessWorker> deploy(
      Vertx vertx,
      RedisTarget redis,
      String queue,
      HandlerRegistry handlers,
      ConsumerSettings settings) {
    return deploy(vertx, redis, queue, 1, handlers, settings, null);
  }

  public static Future<InProcessWorker> deploy(
      Vertx vertx,
      RedisTarget redis,
      String queue,
      int partitions,
      HandlerRegistry handlers,
      ConsumerSettings settings,
      RunAdvancer workflows) {
    return deploy(vertx, options(redis), queue, partitions, handlers, settings, workflows);
  }

  /**
   * A worker on the Redis {@code base} points at, with its client settings (pool sizes are the
   * worker's own).
   */
  public static Future<InProcessWorker> deploy(
      Vertx vertx,
      RedisOptions base,
      String queue,
      int partitions,
      HandlerRegistry handlers,
      ConsumerSettings settings,
      RunAdvancer workflows) {
    RedisOptions options = new RedisOptions(base).setMaxPoolSize(16).setMaxPoolWaiting(10_000);
    Redis pool = SharedConnectionRedis.create(vertx, options);
    Redis reader =
        Redis.createClient(vertx, RedisClientOptions.forHeldConnections(options, partitions));
    WorkerVerticle.WorkerDependencies deps =
        new WorkerVerticle.WorkerDependencies(
            pool,
            reader,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            handlers,
            settings,
            List.of(queue),
            "ao",
            partitions,
            "127.0.0.1",
            0,
            workflows);
    WorkerVerticle verticle = new WorkerVerticle(deps);
    return vertx.deployVerticle(verticle).map(id -> new InProcessWorker(vertx, verticle, id));
  }

  public Future<Void> stop() {
    return vertx.undeploy(deploymentId);
  }
}
