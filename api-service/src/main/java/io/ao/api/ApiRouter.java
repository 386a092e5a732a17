package io.ao.api;

import io.ao.api.admin.AdminRoutes;
import io.ao.api.audit.AuditRoutes;
import io.ao.api.auth.AuthRoutes;
import io.ao.api.auth.UserRoutes;
import io.ao.api.campaigns.CampaignRoutes;
import io.ao.api.console.ConsoleRoutes;
import io.ao.api.docs.DocsRoutes;
import io.ao.api.email.EmailTemplateRoutes;
import io.ao.api.health.HealthRoutes;
import io.ao.api.http.CorsPolicy;
import io.ao.api.http.ProblemRenderer;
import io.ao.api.http.RequestIds;
import io.ao.api.http.RouteTable;
import io.ao.api.http.SecurityHeaderRoute;
import io.ao.api.http.UriEncoding;
import io.ao.api.intake.IntakeRoutes;
import io.ao.api.leads.LeadRoutes;
import io.ao.api.leads.LeadService;
import io.ao.api.metrics.MetricsRoutes;
import io.ao.api.tasks.TaskRoutes;
import io.ao.api.webhooks.WebhookRoutes;
import io.ao.api.workflows.WorkflowRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;

/**
 * The API's router: the handlers every request passes, then each feature's routes, which the
 * feature mounts itself with who may call each (public, or the least role it needs).
 */
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
    router.route().handler(SecurityHeaderRoute::apply);
    CorsPolicy.install(router, deps.config());
    router.route().handler(deps.requestStats()::track);
    router.route().handler(TimeoutHandler.create(REQUEST_TIMEOUT_MS, 503));
    router.route().failureHandler(problems::handle);
    router.route().handler(UriEncoding::requireValid);
    // Path-less routes, filtering themselves: a route with a path would be part of every /api
    // request's "route" metric label ("/api/>/api/leads" instead of "/api/leads"). The anonymous
    // throttle comes first, so a request it refuses is counted, not written one by one.
    router.route().handler(underApi(deps.anonymousThrottle()::handle));
    router.route().handler(underApi(deps.audit()::handle));

    new DocsRoutes().mountAssets(router);
    ConsoleRoutes.mountAssets(router);

    RouteTable routes =
        new RouteTable(
            router,
            deps.config().http().bodyLimitBytes(),
            deps.security().access(),
            deps.security().rateLimit()::handle);
    LeadService leads = LeadService.from(deps);
    HealthRoutes.mount(routes, deps);
    DocsRoutes.mount(routes);
    ConsoleRoutes.mount(routes);
    AuthRoutes.mount(routes, deps);
    UserRoutes.mount(routes, deps);
    MetricsRoutes.mount(routes, deps);
    LeadRoutes.mount(routes, leads);
    CampaignRoutes.mount(routes, deps);
    WorkflowRoutes.mount(routes, deps, leads);
    EmailTemplateRoutes.mount(routes, deps);
    TaskRoutes.mount(routes, deps);
    AdminRoutes.mount(routes, deps);
    AuditRoutes.mount(routes, vertx, deps);
    WebhookRoutes.mount(routes, deps);
    IntakeRoutes.mount(routes, deps, leads);
    routes.finish();
    return routes;
  }

  private static Handler<RoutingContext> underApi(Handler<RoutingContext> handler) {
    return ctx -> {
      String path = ctx.normalizedPath();
      if (path.equals("/api") || path.startsWith("/api/")) {
        handler.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }
}
