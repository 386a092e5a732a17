package io.ao.api;

import io.ao.api.audit.AuditBackups;
import io.ao.api.audit.AuditLog;
import io.ao.api.audit.AuditRecorder;
import io.ao.api.auth.Security;
import io.ao.api.campaigns.CampaignStore;
import io.ao.api.health.RedisHealthMonitor;
import io.ao.api.leads.LeadStore;
import io.ao.api.metrics.PrometheusEndpoint;
import io.ao.api.metrics.QueueGauges;
import io.ao.api.metrics.RequestStats;
import io.ao.api.tasks.Queues;
import io.ao.api.workflows.WorkflowStore;
import io.ao.shared.config.AppConfig;
import io.ao.shared.queue.WorkerRegistry;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the HTTP verticles share, created once by {@link ApiMain}: every verticle instance
 * gets the same objects, so figures and Redis connections are not per event loop.
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
    List<String> acceptedTaskTypes,
    Security security,
    AuditRecorder audit,
    AuditLog auditLog,
    AuditBackups auditBackups,
    LeadStore leads,
    CampaignStore campaigns,
    WorkflowDefinitions workflows,
    WorkflowStore workflowRuns,
    AtomicBoolean draining,
    long startedAt) {

  public String version() {
    return config.service().version();
  }
}
