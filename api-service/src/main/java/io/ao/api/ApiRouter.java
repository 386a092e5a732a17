package io.ao.api;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.admin.AdminRoutes;
import io.ao.api.docs.DocsRoutes;
import io.ao.api.health.HealthRoutes;
import io.ao.api.http.ProblemRenderer;
import io.ao.api.http.RequestIds;
import io.ao.api.http.RouteTable;
import io.ao.api.metrics.MetricsRoutes;
import io.ao.api.tasks.TaskRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The API's routes in one place. Public routes are marked as such; every other route
 * sits behind the authentication handler the security issue adds in front of /api/*.
 */
public final class ApiRouter {

  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private ApiRouter() {
  }

  /** Builds the router; the returned table also lists every operation (for tests and docs). */
  public static RouteTable create(Vertx vertx, ApiDependencies deps) {
    Router router = Router.router(vertx);
    ProblemRenderer problems = new ProblemRenderer(deps.monitor()::isUp);
    router.route().handler(RequestIds::assign);
    router.route().handler(deps.requestStats()::track);
    router.route().handler(TimeoutHandler.create(REQUEST_TIMEOUT_MS, 503));
    router.route().failureHandler(problems::handle);

    HealthRoutes health = new HealthRoutes(deps);
    MetricsRoutes metrics = new MetricsRoutes(deps);
    TaskRoutes tasks = new TaskRoutes(deps);
    AdminRoutes admin = new AdminRoutes(deps);
    DocsRoutes docs = new DocsRoutes();
    docs.mountAssets(router);

    RouteTable routes = new RouteTable(router, deps.config().http().bodyLimitBytes());
    routes
      .publicRoute(GET, "/health", health::health)
      .publicRoute(GET, "/health/live", health::live)
      .publicRoute(GET, "/health/ready", health::ready)
      .protectedRoute(GET, "/health/detailed", health::detailed)
      .publicRoute(GET, "/metrics", PrometheusScrapingHandler.create(deps.meterRegistry()))
      .publicRoute(GET, "/openapi.json", docs::openApi)
      .publicRoute(GET, "/docs", docs::page)
      .publicRoute(GET, "/docs/init.js", docs::initializer)
      .protectedRoute(GET, "/api/metrics", metrics::summary)
      .protectedRoute(POST, "/api/tasks", tasks::create)
      .protectedRoute(GET, "/api/tasks/:id", tasks::get)
      .protectedRoute(GET, "/api/admin/queues", admin::queues)
      .protectedRoute(GET, "/api/admin/dead-letters", admin::deadLetters)
      .protectedRoute(POST, "/api/admin/dead-letters/:id/retry", admin::retry)
      .protectedRoute(DELETE, "/api/admin/dead-letters/:id", admin::discard)
      .finish();
    return routes;
  }
}
