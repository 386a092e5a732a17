package io.ao.system.support;

import static io.ao.api.support.RunningApi.await;

import io.ao.api.support.RunningApi;
import io.ao.devstack.redis.RedisTarget;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.ConfigLoader;
import io.ao.shared.redis.SharedConnectionRedis;
import io.ao.worker.DomainHandlers;
import io.ao.worker.handlers.HandlerRegistry;
import io.ao.worker.support.InProcessWorker;
import io.ao.worker.support.TestSettings;
import io.ao.worker.workflows.RunAdvancer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.Map;

/**
 * The API and a worker (with every domain handler and the workflow engine) on one Redis, with a CRM
 * stand-in and, when given an SMTP port, email to it: what the end-to-end workflow tests run on.
 */
public final class EngineStack implements AutoCloseable {

  private final Vertx vertx;
  private final RunningApi api;
  private final CrmStandIn crm;
  private final Redis workerRedis;

  private EngineStack(Vertx vertx, RunningApi api, CrmStandIn crm, Redis workerRedis) {
    this.vertx = vertx;
    this.api = api;
    this.crm = crm;
    this.workerRedis = workerRedis;
  }

  /** {@code smtpPort}: 0 for none; {@code extraEnv}: configuration for both services. */
  public static EngineStack start(
      RedisTarget redis, int partitions, int smtpPort, Map<String, String> extraEnv) {
    Vertx vertx = Vertx.vertx();
    CrmStandIn crm = await(new CrmStandIn().start(vertx));
    Map<String, String> env = new HashMap<>(redis.environment());
    env.put("AO_CRM_API_BASE_URL", crm.url());
    env.put("AO_QUEUE_PARTITIONS", Integer.toString(partitions));
    env.put("AO_CRM_TIMEOUT_MS", "2000");
    if (smtpPort > 0) {
      env.put("AO_EMAIL_SMTP_HOST", "127.0.0.1");
      env.put("AO_EMAIL_SMTP_PORT", Integer.toString(smtpPort));
    }
    env.putAll(extraEnv);
    RunningApi api = RunningApi.start(vertx, redis, env);
    AppConfig config = await(new ConfigLoader(vertx, env).load("worker-defaults.json"));
    Redis workerRedis =
        SharedConnectionRedis.create(
            vertx, InProcessWorker.options(redis).setMaxPoolWaiting(1_000));
    HandlerRegistry handlers =
        DomainHandlers.register(
            HandlerRegistry.withBuiltIns(),
            vertx,
            workerRedis,
            config,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await(
        InProcessWorker.deploy(
            vertx,
            redis,
            "default",
            partitions,
            handlers,
            TestSettings.fast("engine-worker"),
            RunAdvancer.from(
                workerRedis, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));
    return new EngineStack(vertx, api, crm, workerRedis);
  }

  public RunningApi api() {
    return api;
  }

  public CrmStandIn crm() {
    return crm;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A client of the Redis the stack runs on, for looking at keys directly. */
  public Redis redis() {
    return workerRedis;
  }

  @Override
  public void close() {
    api.close();
    await(vertx.close());
  }
}
