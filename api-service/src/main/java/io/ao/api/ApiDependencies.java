package io.ao.api;

import io.ao.api.audit.AuditLog;
import io.ao.api.audit.AuditRecorder;
import io.ao.api.auth.Security;
import io.ao.api.health.RedisHealthMonitor;
import io.ao.api.http.ConnectionLimits;
import io.ao.api.metrics.PrometheusEndpoint;
import io.ao.api.metrics.QueueGauges;
import io.ao.api.metrics.RequestStats;
import io.ao.api.metrics.WorkflowCounters;
import io.ao.api.ratelimit.AnonymousThrottle;
import io.ao.api.tasks.Queues;
import io.ao.shared.config.AppConfig;
import io.ao.shared.queue.WorkerRegistry;
import io.ao.shared.workflows.engine.Engine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.redis.client.Redis;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The infrastructure the HTTP verticles share, created once by {@link ApiServer}: every verticle
 * instance gets the same objects, so figures and Redis connections are not per event loop. A
 * feature builds its own stores from these when it mounts its routes (see {@link ApiRouter}). The
 * workflow engine is here because two resources use it (lead writes start and cancel runs; the
 * workflow routes manage them) and its caches of definitions are the process's.
 */
public record ApiDependencies(
    AppConfig config,
    Redis redis,
    Queues queues,
    RedisHealthMonitor monitor,
    WorkerRegistry workers,
    RequestStats requestStats,
    PrometheusMeterRegistry meterRegistry,
    PrometheusEndpoint prometheus,
    QueueGauges gauges,
    Security security,
    AuditRecorder audit,
    AuditLog auditLog,
    AnonymousThrottle anonymousThrottle,
    AtomicBoolean draining,
    ConnectionLimits connectionLimits,
    Engine engine,
    WorkflowCounters workflowCounters,
    long startedAt) {

  public String version() {
    return config.service().version();
  }
}
