package io.ao.api.http;

import io.ao.api.auth.AccessControl;
import io.ao.api.auth.Role;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the API's routes with their guards (authentication, rate limit, role) and remembers
 * them: a path answers 405 with {@code Allow} for methods it lacks, and tests derive the OpenAPI
 * check and the access matrix from this table, so no route can be forgotten.
 */
public final class RouteTable {

  /**
   * One operation: method, path template (Vert.x form, e.g. /api/tasks/:id), the least role it
   * needs (null when public) and whether it is rate limited.
   */
  public record Operation(HttpMethod method, String path, Role minRole, boolean limited) {

    public boolean isPublic() {
      return minRole == null;
    }

    /** The path in OpenAPI form: /api/tasks/{id}. */
    public String openApiPath() {
      return path.replaceAll(":([A-Za-z_]+)", "{$1}");
    }
  }

  private final Router router;
  private final BodyHandler bodies;
  private final AccessControl access;
  private final Handler<RoutingContext> rateLimit;
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, Set<HttpMethod>> methodsByPath = new LinkedHashMap<>();

  public RouteTable(
      Router router, long bodyLimitBytes, AccessControl access, Handler<RoutingContext> rateLimit) {
    this.router = router;
    this.bodies = BodyHandler.create(false).setBodyLimit(bodyLimitBytes);
    this.access = access;
    this.rateLimit = rateLimit;
  }

  /** Open to anyone, not rate limited: health, metrics, docs. */
  public RouteTable publicRoute(HttpMethod method, String path, Handler<RoutingContext> handler) {
    return add(method, path, null, false, bodies, handler);
  }

  /**
   * Open to anyone, rate limited per client IP (login), with its own, smaller body limit: an
   * anonymous caller gets no more than the route can use.
   */
  public RouteTable publicLimitedRoute(
      HttpMethod method, String path, long bodyLimitBytes, Handler<RoutingContext> handler) {
    return add(
        method, path, null, true, BodyHandler.create(false).setBodyLimit(bodyLimitBytes), handler);
  }

  /**
   * Open to anyone who signs the request (the handler verifies the signature), rate limited per
   * client IP; its body is read as bytes ({@link RawBodies}), JSON or form, up to {@code
   * bodyLimitBytes}.
   */
  public RouteTable publicSignedRoute(
      HttpMethod method, String path, long bodyLimitBytes, Handler<RoutingContext> handler) {
    var route = router.route(method, path);
    route.handler(new RawBodies(bodyLimitBytes));
    route.handler(rateLimit);
    route.handler(handler);
    operations.add(new Operation(method, path, null, true));
    methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(method);
    return this;
  }

  /**
   * Needs credentials (401 without) and at least {@code minRole} (403 below); rate limited per
   * principal.
   */
  public RouteTable protectedRoute(
      HttpMethod method, String path, Role minRole, Handler<RoutingContext> handler) {
    return add(method, path, minRole, true, bodies, handler);
  }

  private RouteTable add(
      HttpMethod method,
      String path,
      Role minRole,
      boolean limited,
      BodyHandler bodyHandler,
      Handler<RoutingContext> handler) {
    var route = router.route(method, path);
    if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
      route.handler(FORM_REFUSAL);
      route.handler(bodyHandler);
    }
    if (minRole != null) {
      access.guard(route, minRole);
    }
    if (limited) {
      route.handler(rateLimit);
    }
    route.handler(handler);
    operations.add(new Operation(method, path, minRole, limited));
    methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(method);
    return this;
  }

  /**
   * Every body here is JSON. A form body is refused (415) before the body handler sees it: for a
   * form content type it would switch on Netty's form decoder, whose failures (a form field over
   * its length limit) surface as a 500 before any handler of ours could answer 415. A platform
   * handler, because Vert.x Web runs those before a body handler.
   */
  private static final PlatformHandler FORM_REFUSAL =
      ctx -> {
        String type = ctx.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("multipart/")
            || lower.startsWith("application/x-www-form-urlencoded")) {
          ctx.fail(
              ProblemException.unsupportedMediaType(
                  "Content-Type must be application/json, got '" + type + "'"));
          return;
        }
        ctx.next();
      };

  /** After all routes: other methods on a known path → 405 with Allow; anything else → 404. */
  public void finish() {
    methodsByPath.forEach(
        (path, methods) -> {
          String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
          router
              .route(path)
              .handler(
                  ctx -> {
                    ctx.response().putHeader("Allow", allow);
                    ctx.fail(405);
                  });
        });
    router.route().last().handler(ctx -> ctx.fail(404));
  }

  public Router router() {
    return router;
  }

  public List<Operation> operations() {
    return Collections.unmodifiableList(operations);
  }
}
