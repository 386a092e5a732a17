package io.ao.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the API's routes and remembers them: a path answers 405 with {@code Allow}
 * for methods it lacks, and tests compare this table with the OpenAPI document (and,
 * once auth lands, with the access matrix) so no route can be forgotten.
 */
public final class RouteTable {

  /** One operation: method, path template (Vert.x form, e.g. /api/tasks/:id), public or not. */
  public record Operation(HttpMethod method, String path, boolean isPublic) {

    /** The path in OpenAPI form: /api/tasks/{id}. */
    public String openApiPath() {
      return path.replaceAll(":([A-Za-z_]+)", "{$1}");
    }
  }

  private final Router router;
  private final BodyHandler bodies;
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, Set<HttpMethod>> methodsByPath = new LinkedHashMap<>();

  public RouteTable(Router router, long bodyLimitBytes) {
    this.router = router;
    this.bodies = BodyHandler.create(false).setBodyLimit(bodyLimitBytes);
  }

  public RouteTable publicRoute(HttpMethod method, String path, Handler<RoutingContext> handler) {
    return add(method, path, true, handler);
  }

  /** A route behind authentication (the security issue puts its handler in front of these). */
  public RouteTable protectedRoute(HttpMethod method, String path, Handler<RoutingContext> handler) {
    return add(method, path, false, handler);
  }

  private RouteTable add(HttpMethod method, String path, boolean isPublic, Handler<RoutingContext> handler) {
    var route = router.route(method, path);
    if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
      route.handler(bodies);
    }
    route.handler(handler);
    operations.add(new Operation(method, path, isPublic));
    methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(method);
    return this;
  }

  /** After all routes: other methods on a known path → 405 with Allow; anything else → 404. */
  public void finish() {
    methodsByPath.forEach((path, methods) -> {
      String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
      router.route(path).handler(ctx -> {
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
