package io.ao.api;

import io.ao.api.audit.AuditGauges;
import io.ao.api.audit.AuditLog;
import io.ao.api.audit.AuditRecorder;
import io.ao.api.auth.AccessControl;
import io.ao.api.auth.ApiKeyAuthentication;
import io.ao.api.auth.ApiKeyStore;
import io.ao.api.auth.AuthKeys;
import io.ao.api.auth.CredentialStamps;
import io.ao.api.auth.FirstAdmin;
import io.ao.api.auth.LegacyAuthLayout;
import io.ao.api.auth.LoginThrottle;
import io.ao.api.auth.PasswordHasher;
import io.ao.api.auth.Security;
import io.ao.api.auth.TokenService;
import io.ao.api.auth.UserStore;
import io.ao.api.health.RedisHealthMonitor;
import io.ao.api.http.ClientAddress;
import io.ao.api.http.ConnectionLimits;
import io.ao.api.metrics.MetricsAccess;
import io.ao.api.metrics.MetricsServer;
import io.ao.api.metrics.PrometheusEndpoint;
import io.ao.api.metrics.QueueGauges;
import io.ao.api.metrics.RequestStats;
import io.ao.api.metrics.WorkflowCounters;
import io.ao.api.ratelimit.AnonymousThrottle;
import io.ao.api.ratelimit.RateLimitHandler;
import io.ao.api.ratelimit.RateLimiter;
import io.ao.api.tasks.Queues;
import io.ao.shared.config.AppConfig;
import io.ao.shared.config.AuthConfig;
import io.ao.shared.config.RateLimitConfig;
import io.ao.shared.email.EmailTemplateStore;
import io.ao.shared.queue.HistorySampler;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.WorkerRegistry;
import io.ao.shared.redis.EventLoopLocalRedis;
import io.ao.shared.redis.RedisClientOptions;
import io.ao.shared.redis.RedisPlacement;
import io.ao.shared.redis.ReplicaAcknowledgedRedis;
import io.ao.shared.workflows.engine.ConfigSeeder;
import io.ao.shared.workflows.engine.Engine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running API: shared dependencies plus the HTTP verticles (one per event loop by default).
 * {@link ApiMain} runs it as a process; tests run it in their own JVM.
 */
public final class ApiServer {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final long PROBE_PERIOD_MS = 1_000;
  private static final long AUDIT_FLUSH_PERIOD_MS = 1_000;
  private static final long AUDIT_COUNTS_PERIOD_MS = 15_000;

  private final Vertx vertx;
  private final ApiDependencies deps;
  private String deploymentId;
  private long auditFlushTimer = -1;
  private long auditCountsTimer = -1;
  private MetricsServer metricsServer;
  private HistorySampler historySampler;

  private ApiServer(Vertx vertx, ApiDependencies deps) {
    this.vertx = vertx;
    this.deps = deps;
  }

  public static Future<ApiServer> start(
      Vertx vertx, AppConfig config, PrometheusMeterRegistry meters) {
    Redis redis =
        ReplicaAcknowledgedRedis.wrap(
            new EventLoopLocalRedis(vertx, RedisClientOptions.from(config.redis(), "api")),
            config.redis().minReplicasAck(),
            config.redis().replicaAckTimeoutMs());
    Queues queues =
        new Queues(
            redis,
            config.redis().keyPrefix(),
            config.queue().queues(),
            config.queue().partitions(),
            config.queue().taskRetentionSeconds());
    RedisHealthMonitor monitor =
        new RedisHealthMonitor(
            vertx,
            redis,
            queues.partitions(),
            PROBE_PERIOD_MS,
            config.worker().heartbeatIntervalMs() * 3,
            new RedisPlacement(vertx, redis, config.redis()));
    Security security = security(vertx, config, redis, meters);
    AuditLog auditLog =
        new AuditLog(
            redis,
            config.redis().keyPrefix(),
            config.audit(),
            new AuditGauges(meters, config.audit().securityMaxEntries()));
    WorkflowCounters workflowCounters = new WorkflowCounters(meters);
    ApiDependencies deps =
        new ApiDependencies(
            config,
            redis,
            queues,
            monitor,
            new WorkerRegistry(redis),
            new RequestStats(),
            meters,
            new PrometheusEndpoint(vertx, meters, config.monitoring().metricsMaxAgeMs()),
            new QueueGauges(meters, monitor, queues.partitions()),
            security,
            new AuditRecorder(auditLog, security.clients(), meters),
            auditLog,
            new AnonymousThrottle(
                new RateLimiter(redis, config.redis().keyPrefix()),
                config.rateLimit(),
                security.clients(),
                auditLog),
            new AtomicBoolean(false),
            ConnectionLimits.from(config.http()).withGauge(meters),
            Engine.over(
                redis,
                queues.defaultQueue().home().keys(),
                config.queue().maxAttempts(),
                config.queue().taskRetentionSeconds(),
                workflowCounters,
                System::currentTimeMillis),
            workflowCounters,
            System.currentTimeMillis());
    ApiServer server = new ApiServer(vertx, deps);
    return server
        .connectRedis()
        .compose(ready -> server.ensureFirstAdmin())
        .compose(
            ready ->
                ConfigSeeder.keepSeeding(
                    vertx,
                    deps.engine().definitions(),
                    config.workflows(),
                    new EmailTemplateStore(redis, deps.engine().keys()),
                    config.email().templates(),
                    LOG))
        .compose(
            ready ->
                vertx.deployVerticle(
                    () -> new HttpVerticle(deps),
                    new DeploymentOptions().setInstances(config.http().instancesOrCores())))
        .compose(id -> server.listenForMetrics().map(id))
        .map(
            id -> {
              server.deploymentId = id;
              server.startAuditTimers();
              server.startHistorySampler();
              security
                  .hashing()
                  .executeBlocking(
                      () -> {
                        security.hasher().prepare();
                        return null;
                      },
                      false);
              LOG.info(
                  "API listening on http://{}:{} ({} HTTP verticles); Redis {}",
                  config.http().host(),
                  config.http().port(),
                  config.http().instancesOrCores(),
                  monitor.isUp() ? "reachable" : "UNREACHABLE (degraded)");
              return server;
            });
  }

  private static Security security(
      Vertx vertx, AppConfig config, Redis redis, PrometheusMeterRegistry meters) {
    AuthConfig auth = config.auth();
    RateLimitConfig limits = config.rateLimit();
    String prefix = config.redis().keyPrefix();
    RateLimiter limiter = new RateLimiter(redis, prefix);
    AuthKeys authKeys = new AuthKeys(prefix);
    ApiKeyStore keys = new ApiKeyStore(redis, authKeys);
    CredentialStamps stamps = new CredentialStamps(redis, authKeys);
    TokenService tokens = new TokenService(vertx, auth);
    ClientAddress clients = new ClientAddress(config.http().trustedProxies());
    // Password hashing is slow by design: its own pool, one thread fewer than the cores, so a
    // surge of logins queues for hashing and never takes the core the event loops need.
    WorkerExecutor hashing =
        vertx.createSharedWorkerExecutor(
            "password-hashing", Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    return new Security(
        auth,
        limits,
        new UserStore(redis, authKeys),
        keys,
        stamps,
        tokens,
        new AccessControl(auth.enabled(), tokens, new ApiKeyAuthentication(keys), stamps),
        new PasswordHasher(
            new PasswordHasher.Cost(
                auth.argon2MemoryKib(), auth.argon2Iterations(), auth.argon2Parallelism())),
        hashing,
        new LoginThrottle(redis, prefix, limits),
        new RateLimitHandler(limiter, limits, clients, meters),
        clients);
  }

  /** With {@code monitoring.metrics_port}, /metrics gets its own server on that port. */
  private Future<Void> listenForMetrics() {
    int port = deps.config().monitoring().metricsPort();
    if (port == 0) {
      return Future.succeededFuture();
    }
    return new MetricsServer(vertx)
        .listen(
            deps.config().http().host(),
            port,
            new MetricsAccess(deps.config().monitoring().metricsToken()),
            deps.prometheus(),
            deps.monitor()::isUp)
        .map(
            listening -> {
              metricsServer = listening;
              LOG.info("metrics on http://{}:{}/metrics", deps.config().http().host(), port);
              return null;
            });
  }

  /** The metrics port's actual port, or -1 without one. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.actualPort();
  }

  /**
   * The first admin exists before the API reports ready (so its password file is there when the run
   * command says so); with Redis down, it is created once Redis is back.
   */
  private Future<Void> ensureFirstAdmin() {
    if (!deps.security().auth().enabled()) {
      LOG.warn("auth.enabled is false: every caller is treated as admin");
      return Future.succeededFuture();
    }
    return new LegacyAuthLayout(deps.redis(), deps.config().redis().keyPrefix())
        .migrate()
        .compose(moved -> new FirstAdmin(vertx, deps.security()).ensure())
        .<Void>mapEmpty()
        .recover(
            failure -> {
              LOG.warn("first admin not ensured yet ({}); retrying in 2 s", failure.getMessage());
              vertx.setTimer(2_000, id -> ensureFirstAdmin());
              return Future.succeededFuture();
            });
  }

  /**
   * The first connection attempt gets redis.connect_timeout_ms to answer. With redis.required,
   * Redis must answer within that time (probed again until then) or the start fails; otherwise,
   * when the first attempt failed, the API starts degraded and the monitor notices Redis when it
   * comes.
   */
  private Future<Void> connectRedis() {
    long deadline = System.currentTimeMillis() + deps.config().redis().connectTimeoutMs();
    return awaitRedis(deadline)
        .compose(
            up -> {
              if (up) {
                List<Future<Void>> groups = new ArrayList<>();
                deps.queues().all().forEach(queue -> groups.add(queue.ensureGroups()));
                return Future.all(groups).mapEmpty();
              }
              if (deps.config().redis().required()) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "Redis at "
                            + RedactedUrl.of(deps.config().redis().url())
                            + " did not answer within "
                            + deps.config().redis().connectTimeoutMs()
                            + " ms and redis.required is true"));
              }
              LOG.warn(
                  "Redis at {} is unreachable; starting degraded (redis.required is false)",
                  RedactedUrl.of(deps.config().redis().url()));
              return Future.succeededFuture();
            });
  }

  private Future<Boolean> awaitRedis(long deadline) {
    Future<Boolean> first = deps.monitor().start(deps.config().redis().connectTimeoutMs());
    return first.compose(
        up ->
            up || !deps.config().redis().required()
                ? Future.succeededFuture(up)
                : retryUntil(deadline));
  }

  private Future<Boolean> retryUntil(long deadline) {
    if (System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture(false);
    }
    return vertx
        .timer(250)
        .compose(t -> deps.monitor().probe())
        .compose(up -> up ? Future.succeededFuture(true) : retryUntil(deadline));
  }

  /**
   * The anonymous refusals counted in memory reach Redis every second; the audit gauges are read
   * again every 15 s, so they are right on an instance that writes no security entry.
   */
  private void startAuditTimers() {
    auditFlushTimer =
        vertx.setPeriodic(AUDIT_FLUSH_PERIOD_MS, t -> deps.anonymousThrottle().flush());
    auditCountsTimer =
        vertx.setPeriodic(
            AUDIT_COUNTS_PERIOD_MS,
            t ->
                deps.auditLog()
                    .counts()
                    .onFailure(f -> LOG.debug("audit counts not read: {}", f.getMessage())));
  }

  /** The queues' per-minute depth for GET /api/admin/queues/history (the workers offer it too). */
  private void startHistorySampler() {
    List<QueueKeys> partitions = new ArrayList<>();
    deps.queues().partitions().forEach(queue -> partitions.addAll(queue.all()));
    historySampler = new HistorySampler(vertx, deps.redis(), partitions, System::currentTimeMillis);
    historySampler.start();
  }

  /**
   * Readiness turns 503 at once so load balancers stop sending, and every answer asks its client to
   * close the connection; after {@code http.drain_ms} the servers stop listening and finish what is
   * in flight; Redis closes last, when no request can need it any more.
   */
  public Future<Void> stop() {
    deps.draining().set(true);
    long drainMs = deps.config().http().drainMs();
    Future<Void> drained =
        drainMs == 0 ? Future.succeededFuture() : vertx.timer(drainMs).mapEmpty();
    return drained
        .compose(
            d -> {
              deps.monitor().stop();
              vertx.cancelTimer(auditFlushTimer);
              vertx.cancelTimer(auditCountsTimer);
              if (historySampler != null) {
                historySampler.stop();
              }
              return deploymentId == null
                  ? Future.<Void>succeededFuture()
                  : vertx.undeploy(deploymentId);
            })
        .compose(done -> deps.anonymousThrottle().flush().recover(f -> Future.succeededFuture()))
        .compose(
            done -> metricsServer == null ? Future.<Void>succeededFuture() : metricsServer.close())
        .compose(done -> deps.redis().close());
  }

  public ApiDependencies dependencies() {
    return deps;
  }

  /** A Redis URL fit for logs: any password replaced. */
  static final class RedactedUrl {
    private RedactedUrl() {}

    static String of(String url) {
      return url.replaceAll("//([^@/]*)@", "//***@");
    }
  }
}
