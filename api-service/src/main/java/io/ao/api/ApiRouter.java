package io.ao.api;

import static io.ao.api.auth.Role.ADMIN;
import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.ao.api.admin.AdminRoutes;
import io.ao.api.audit.AuditRoutes;
import io.ao.api.auth.AuthRoutes;
import io.ao.api.auth.UserRoutes;
import io.ao.api.campaigns.CampaignRoutes;
import io.ao.api.docs.DocsRoutes;
import io.ao.api.health.HealthRoutes;
import io.ao.api.http.CorsPolicy;
import io.ao.api.http.ProblemRenderer;
import io.ao.api.http.RequestIds;
import io.ao.api.http.RouteTable;
import io.ao.api.http.SecurityHeaders;
import io.ao.api.http.UriEncoding;
import io.ao.api.leads.LeadRoutes;
import io.ao.api.leads.LeadService;
import io.ao.api.metrics.MetricsRoutes;
import io.ao.api.tasks.TaskRoutes;
import io.ao.api.workflows.WorkflowRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.TimeoutHandler;

/** The API's routes in one place, each with who may call it: public, or the least role it needs. */
public final class ApiRouter {

  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private ApiRouter() {}

  /** Builds the router; the returned table also lists every operation (for tests and docs). */
  public static RouteTable create(Vertx vertx, ApiDependencies deps) {
    Router router = Router.router(vertx);
    ProblemRenderer problems = new ProblemRenderer(deps.monitor()::isUp);
    router.route().handler(RequestIds::assign);
    router
        .route()
        .handler(
            ctx -> {
              // A draining instance tells each client to leave: HTTP/1.1 clients stop sending on a
              // connection answered "close", so none is left idle for the shutdown to cut under a
              // request.
              if (deps.draining().get()) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
              }
              ctx.next();
            });
    router.route().handler(SecurityHeaders::apply);
    CorsPolicy.install(router, deps.config());
    router.route().handler(deps.requestStats()::track);
    router.route().handler(TimeoutHandler.create(REQUEST_TIMEOUT_MS, 503));
    router.route().failureHandler(problems::handle);
    router.route().handler(UriEncoding::requireValid);
    router.route("/api/*").handler(deps.audit()::handle);

    HealthRoutes health = new HealthRoutes(deps);
    MetricsRoutes metrics = new MetricsRoutes(deps);
    TaskRoutes tasks = new TaskRoutes(deps);
    AdminRoutes admin = new AdminRoutes(deps);
    AuditRoutes audit = new AuditRoutes(deps.auditLog(), deps.auditBackups());
    LeadService leadService = new LeadService(deps.leads(), deps.config().queue().maxAttempts());
    LeadRoutes leads = new LeadRoutes(leadService);
    CampaignRoutes campaigns = new CampaignRoutes(deps.campaigns());
    WorkflowRoutes workflows =
        new WorkflowRoutes(
            deps.workflows(),
            deps.workflowRuns(),
            leadService,
            deps.config().queue().maxAttempts());
    AuthRoutes auth = new AuthRoutes(deps.security(), deps.audit());
    UserRoutes users = new UserRoutes(deps.security(), deps.audit());
    DocsRoutes docs = new DocsRoutes();
    docs.mountAssets(router);

    RouteTable routes =
        new RouteTable(
            router,
            deps.config().http().bodyLimitBytes(),
            deps.security().access(),
            deps.security().rateLimit()::handle);
    routes
        .publicRoute(GET, "/health", health::health)
        .publicRoute(GET, "/health/live", health::live)
        .publicRoute(GET, "/health/ready", health::ready)
        .protectedRoute(GET, "/health/detailed", OPERATOR, health::detailed)
        .publicRoute(GET, "/metrics", deps.prometheus()::handle)
        .publicRoute(GET, "/openapi.json", docs::openApi)
        .publicRoute(GET, "/docs", docs::page)
        .publicRoute(GET, "/docs/init.js", docs::initializer)
        .publicLimitedRoute(POST, "/api/auth/login", auth::login)
        .protectedRoute(GET, "/api/auth/me", AGENT, auth::me)
        .protectedRoute(GET, "/api/auth/keys", AGENT, auth::listKeys)
        .protectedRoute(POST, "/api/auth/keys", AGENT, auth::createKey)
        .protectedRoute(DELETE, "/api/auth/keys/:id", AGENT, auth::revokeKey)
        .protectedRoute(POST, "/api/admin/users", ADMIN, users::create)
        .protectedRoute(GET, "/api/admin/users", ADMIN, users::list)
        .protectedRoute(DELETE, "/api/admin/users/:name", ADMIN, users::delete)
        .protectedRoute(PUT, "/api/admin/users/:name/password", ADMIN, users::resetPassword)
        .protectedRoute(GET, "/api/metrics", AGENT, metrics::summary)
        .protectedRoute(POST, "/api/leads", AGENT, leads::create)
        .protectedRoute(GET, "/api/leads", AGENT, leads::list)
        .protectedRoute(GET, "/api/leads/:id", AGENT, leads::get)
        .protectedRoute(PUT, "/api/leads/:id", AGENT, leads::replace)
        .protectedRoute(PATCH, "/api/leads/:id", AGENT, leads::patch)
        .protectedRoute(DELETE, "/api/leads/:id", OPERATOR, leads::delete)
        .protectedRoute(POST, "/api/campaigns", OPERATOR, campaigns::create)
        .protectedRoute(GET, "/api/campaigns", AGENT, campaigns::list)
        .protectedRoute(GET, "/api/campaigns/:id", AGENT, campaigns::get)
        .protectedRoute(POST, "/api/campaigns/:id/metrics", AGENT, campaigns::addMetrics)
        .protectedRoute(GET, "/api/campaigns/:id/metrics", AGENT, campaigns::metrics)
        .protectedRoute(POST, "/api/workflows", AGENT, workflows::trigger)
        .protectedRoute(POST, "/api/workflows/trigger", AGENT, workflows::trigger)
        .protectedRoute(GET, "/api/workflows", AGENT, workflows::list)
        .protectedRoute(GET, "/api/workflows/definitions", AGENT, workflows::definitions)
        .protectedRoute(GET, "/api/workflows/:id/status", AGENT, workflows::status)
        .protectedRoute(POST, "/api/workflows/:id/cancel", OPERATOR, workflows::cancel)
        .protectedRoute(POST, "/api/tasks", OPERATOR, tasks::create)
        .protectedRoute(GET, "/api/tasks/:id", AGENT, tasks::get)
        .protectedRoute(GET, "/api/admin/queues", OPERATOR, admin::queues)
        .protectedRoute(GET, "/api/admin/dead-letters", OPERATOR, admin::deadLetters)
        .protectedRoute(POST, "/api/admin/dead-letters/:id/retry", OPERATOR, admin::retry)
        .protectedRoute(DELETE, "/api/admin/dead-letters/:id", OPERATOR, admin::discard)
        .protectedRoute(GET, "/api/admin/audit", ADMIN, audit::list)
        .protectedRoute(POST, "/api/admin/audit/backup", ADMIN, audit::backup)
        .protectedRoute(GET, "/api/admin/audit/backups", ADMIN, audit::backups)
        .protectedRoute(GET, "/api/admin/audit/backups/:name", ADMIN, audit::download)
        .finish();
    return routes;
  }
}
