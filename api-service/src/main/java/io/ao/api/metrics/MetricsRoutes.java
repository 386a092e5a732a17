package io.ao.api.metrics;

import static io.ao.api.auth.Role.AGENT;
import static io.vertx.core.http.HttpMethod.GET;

import io.ao.api.ApiDependencies;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.config.RateLimitConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/metrics: the seed's JSON summary; and Prometheus text at /metrics on the API port unless
 * {@code monitoring.metrics_port} gives it a port of its own ({@link MetricsServer}).
 */
public final class MetricsRoutes {

  private final ApiDependencies deps;

  public MetricsRoutes(ApiDependencies deps) {
    this.deps = deps;
  }

  public void summary(RoutingContext ctx) {
    RequestStats stats = deps.requestStats();
    RateLimitConfig rateLimit = deps.config().rateLimit();
    Responses.json(
        ctx,
        200,
        new JsonObject()
            .put("requests_total", stats.total())
            .put("requests_failed", stats.failed())
            .put("avg_latency_ms", round(stats.averageMillis()))
            .put("max_latency_ms", round(stats.maxMillis()))
            .put("p99_latency_ms", round(stats.p99Millis()))
            .put("uptime_seconds", stats.uptimeSeconds())
            .put("queue_depth", deps.monitor().totalDepth())
            .put(
                "rate_limit",
                new JsonObject()
                    .put("enabled", rateLimit.enabled())
                    .put("window_seconds", rateLimit.windowMs() / 1000)
                    .put("max_requests", rateLimit.maxRequests())));
  }

  private static double round(double millis) {
    return Math.round(millis * 1000.0) / 1000.0;
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    MetricsRoutes metrics = new MetricsRoutes(deps);
    // with a metrics port of its own, the API port has no /metrics (404) at all
    if (!deps.config().monitoring().metricsOnOwnPort()) {
      MetricsAccess access = new MetricsAccess(deps.config().monitoring().metricsToken());
      routes.publicRoute(GET, "/metrics", access.guarding(deps.prometheus()::handle));
    }
    routes.protectedRoute(GET, "/api/metrics", AGENT, metrics::summary);
  }
}
