package io.ao.api.workflows;

import static io.ao.api.auth.Role.AGENT;
import static io.ao.api.auth.Role.OPERATOR;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.ao.api.http.EntityTags;
import io.ao.api.http.FieldError;
import io.ao.api.http.IfMatch;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.shared.queue.TaskTypes;
import io.ao.shared.workflows.DefinitionCheck;
import io.ao.shared.workflows.WorkflowDefinition;
import io.ao.shared.workflows.engine.DefinitionStore;
import io.ao.shared.workflows.engine.Engine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Workflow definitions as data: create (version 1), read the latest or a given version, PUT a new
 * version, DELETE to disable. A definition is checked whole when it is written (a 422 names each
 * field that would keep it from running), so a stored version always runs.
 */
final class DefinitionRoutes {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
  private static final int PUT_RETRIES = 3;

  private final Engine engine;
  private final DefinitionStore store;

  private DefinitionRoutes(Engine engine) {
    this.engine = engine;
    this.store = engine.definitions();
  }

  void create(RoutingContext ctx) {
    WorkflowDefinition definition = checked(JsonBodies.objectOf(ctx), null);
    store
        .create(definition)
        .compose(
            written -> {
              if (!written.ok()) {
                throw ProblemException.conflict(
                    "A workflow definition named "
                        + definition.name()
                        + " exists (disabled ones too); PUT a new version of it instead");
              }
              engine.enabled().invalidate();
              return store.latest(definition.name());
            })
        .onSuccess(
            stored -> {
              ctx.response()
                  .putHeader("Location", "/api/workflows/definitions/" + definition.name())
                  .putHeader("ETag", EntityTags.of(stored.definition().version()));
              Responses.json(ctx, 201, stored.toJson());
            })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    store
        .all()
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.stream()
                  .filter(DefinitionStore.Stored::enabled)
                  .forEach(stored -> items.add(stored.toJson()));
              Responses.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String name = name(ctx);
    store
        .latest(name)
        .onSuccess(
            stored -> {
              if (stored == null) {
                ctx.fail(notFound(name));
                return;
              }
              ctx.response().putHeader("ETag", EntityTags.of(stored.definition().version()));
              Responses.json(ctx, 200, stored.toJson());
            })
        .onFailure(ctx::fail);
  }

  void version(RoutingContext ctx) {
    String name = name(ctx);
    String n = ctx.pathParam("n");
    if (!VERSION.matcher(n).matches()) {
      throw ProblemException.badRequest("version must be a positive integer");
    }
    store
        .version(name, Integer.parseInt(n))
        .onSuccess(
            definition -> {
              if (definition == null) {
                ctx.fail(ProblemException.notFound("Workflow " + name + " has no version " + n));
                return;
              }
              ctx.response().putHeader("ETag", EntityTags.of(definition.version()));
              Responses.json(ctx, 200, definition.toJson());
            })
        .onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    String name = name(ctx);
    WorkflowDefinition definition = checked(JsonBodies.objectOf(ctx), name);
    IfMatch ifMatch = IfMatch.of(ctx);
    replace(definition, ifMatch, PUT_RETRIES)
        .onSuccess(
            stored -> {
              ctx.response().putHeader("ETag", EntityTags.of(stored.definition().version()));
              Responses.json(ctx, 200, stored.toJson());
            })
        .onFailure(ctx::fail);
  }

  /** Version n + 1 of what is stored; a concurrent write is read again unless If-Match named n. */
  private Future<DefinitionStore.Stored> replace(
      WorkflowDefinition definition, IfMatch ifMatch, int retries) {
    String name = definition.name();
    return store
        .latest(name)
        .compose(
            current -> {
              if (current == null) {
                throw notFound(name);
              }
              int read = current.definition().version();
              if (ifMatch != null && !ifMatch.matches(read)) {
                throw ifMatch.refusal("workflow definition", read);
              }
              return store.put(definition, read);
            })
        .compose(
            written -> {
              if (written.ok()) {
                engine.enabled().invalidate();
                return store.latest(name);
              }
              if ("missing".equals(written.refusal())) {
                throw notFound(name);
              }
              if (ifMatch != null || retries == 0) {
                throw EntityTags.preconditionFailed("workflow definition", written.latest());
              }
              return replace(definition, null, retries - 1);
            });
  }

  void disable(RoutingContext ctx) {
    String name = name(ctx);
    store
        .disable(name)
        .onSuccess(
            written -> {
              if (!written.ok()) {
                ctx.fail(notFound(name));
                return;
              }
              engine.enabled().invalidate();
              Responses.noContent(ctx);
            })
        .onFailure(ctx::fail);
  }

  /**
   * The body as a definition, or a 422 naming each field that is wrong. {@code pathName}: the name
   * in the URL of a PUT; the body may leave its name out, or must give the same one.
   */
  private static WorkflowDefinition checked(JsonObject body, String pathName) {
    if (pathName != null) {
      Object given = body.getValue("name");
      if (given != null && !pathName.equals(given)) {
        throw ProblemException.invalid("name", "must be " + pathName + ", as in the URL");
      }
      body = body.copy().put("name", pathName);
    }
    if (body.containsKey("version")) {
      throw ProblemException.invalid("version", "is set by the server and cannot be written");
    }
    DefinitionCheck check = WorkflowDefinition.parse(body, TaskTypes.STEP_TYPES);
    if (!check.ok()) {
      throw ProblemException.invalid(
          check.problems().stream().map(p -> new FieldError(p.field(), p.message())).toList());
    }
    return check.definition();
  }

  private static String name(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw ProblemException.notFound("No workflow definition named " + name);
    }
    return name;
  }

  private static ProblemException notFound(String name) {
    return ProblemException.notFound("No workflow definition named " + name);
  }

  static void mount(RouteTable routes, Engine engine) {
    DefinitionRoutes definitions = new DefinitionRoutes(engine);
    routes
        .protectedRoute(POST, "/api/workflows/definitions", OPERATOR, definitions::create)
        .protectedRoute(GET, "/api/workflows/definitions", AGENT, definitions::list)
        .protectedRoute(GET, "/api/workflows/definitions/:name", AGENT, definitions::get)
        .protectedRoute(
            GET, "/api/workflows/definitions/:name/versions/:n", AGENT, definitions::version)
        .protectedRoute(PUT, "/api/workflows/definitions/:name", OPERATOR, definitions::put)
        .protectedRoute(DELETE, "/api/workflows/definitions/:name", OPERATOR, definitions::disable);
  }
}
