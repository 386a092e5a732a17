package io.ao.api.auth;

import static io.ao.api.auth.Role.ADMIN;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.ao.api.ApiDependencies;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.JsonFields;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/** Admin: create, list and delete users, reset a password. */
public final class UserRoutes {

  private static final Set<String> CREATE_FIELDS = Set.of("username", "password", "role");
  private static final Set<String> PASSWORD_FIELDS = Set.of("password");
  private static final Pattern ROLE = Pattern.compile("agent|operator|admin");
  static final int MIN_PASSWORD = 12;

  private final Security security;
  private final AuditTrail audit;

  public UserRoutes(Security security, AuditTrail audit) {
    this.security = security;
    this.audit = audit;
  }

  public void create(RoutingContext ctx) {
    JsonFields fields = new JsonFields(JsonBodies.objectOf(ctx), CREATE_FIELDS);
    String username =
        fields.matching("username", true, UserStore.USERNAME, "1-64 characters of [A-Za-z0-9._@-]");
    String password = fields.string("password", true, MIN_PASSWORD, 1_024);
    String roleName = fields.matching("role", true, ROLE, "one of agent, operator, admin");
    fields.validate();
    Role role = Role.fromWire(roleName).orElseThrow();
    security
        .hash(password)
        .compose(hash -> security.users().create(username, role, hash))
        .onSuccess(
            created -> {
              if (!created) {
                ctx.fail(ProblemException.conflict("User " + username + " exists"));
                return;
              }
              audit.action(ctx, "admin.user_create", username);
              ctx.response().putHeader("Location", "/api/admin/users/" + username);
              Responses.json(
                  ctx,
                  201,
                  new JsonObject().put("username", username).put("role", role.wireName()));
            })
        .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    security
        .users()
        .list()
        .onSuccess(
            users -> {
              JsonArray items = new JsonArray();
              users.forEach(user -> items.add(user.toPublicJson()));
              Responses.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  public void delete(RoutingContext ctx) {
    String username = username(ctx);
    Principal actor = Principal.of(ctx).orElseThrow();
    if (actor.username().equals(username)) {
      throw ProblemException.conflict("You cannot delete your own account");
    }
    boolean anonymous = !security.auth().enabled();
    security
        .users()
        .delete(username, anonymous ? null : actor.username())
        .onSuccess(
            deletion -> {
              security.stamps().forget(username);
              switch (deletion) {
                case NO_SUCH_USER -> ctx.fail(ProblemException.notFound("No user " + username));
                case LAST_ADMIN ->
                    ctx.fail(
                        ProblemException.conflict(
                            username + " is the last admin; create another admin first"));
                case ACTOR_GONE -> ctx.fail(401);
                case DELETED -> {
                  audit.action(ctx, "admin.user_delete", username);
                  Responses.noContent(ctx);
                }
              }
            })
        .onFailure(ctx::fail);
  }

  public void resetPassword(RoutingContext ctx) {
    String username = username(ctx);
    JsonFields fields = new JsonFields(JsonBodies.objectOf(ctx), PASSWORD_FIELDS);
    String password = fields.string("password", true, MIN_PASSWORD, 1_024);
    fields.validate();
    security
        .hash(password)
        .compose(hash -> security.users().setPassword(username, hash))
        .onSuccess(
            updated -> {
              security.stamps().forget(username);
              if (!updated) {
                ctx.fail(ProblemException.notFound("No user " + username));
                return;
              }
              audit.action(ctx, "admin.password_reset", username);
              Responses.noContent(ctx);
            })
        .onFailure(ctx::fail);
  }

  private static String username(RoutingContext ctx) {
    String username = ctx.pathParam("name");
    if (!UserStore.USERNAME.matcher(username).matches()) {
      throw ProblemException.badRequest("user name must be 1-64 characters of [A-Za-z0-9._@-]");
    }
    return username;
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    UserRoutes users = new UserRoutes(deps.security(), deps.audit());
    routes
        .protectedRoute(POST, "/api/admin/users", ADMIN, users::create)
        .protectedRoute(GET, "/api/admin/users", ADMIN, users::list)
        .protectedRoute(DELETE, "/api/admin/users/:name", ADMIN, users::delete)
        .protectedRoute(PUT, "/api/admin/users/:name/password", ADMIN, users::resetPassword);
  }
}
