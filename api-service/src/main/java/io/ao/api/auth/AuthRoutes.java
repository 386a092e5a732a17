package io.ao.api.auth;

import static io.ao.api.auth.Role.AGENT;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.ao.api.ApiDependencies;
import io.ao.api.http.JsonBodies;
import io.ao.api.http.JsonFields;
import io.ao.api.http.ProblemException;
import io.ao.api.http.Responses;
import io.ao.api.http.RouteTable;
import io.ao.api.ratelimit.RateLimitHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login, who-am-I, and the caller's own API keys. */
public final class AuthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

  private static final Set<String> LOGIN_FIELDS = Set.of("username", "password");
  private static final Set<String> KEY_FIELDS = Set.of("name", "role", "expires_in_days");
  private static final int MAX_KEY_DAYS = 3_650;
  private static final Pattern ROLE = Pattern.compile("agent|operator|admin");
  private static final String BAD_CREDENTIALS = "Invalid username or password";

  /**
   * The largest login body a valid request needs: a 64-character username and a 1,024-character
   * password, every character written as a six-byte JSON escape, fit in 8 KiB.
   */
  public static final long LOGIN_BODY_LIMIT_BYTES = 8_192;

  private final Security security;

  /** How a failed login of a name that is no user is audited (what was typed is not kept). */
  public static final String UNKNOWN_USER = "(unknown user)";

  private final AuditTrail audit;

  public AuthRoutes(Security security, AuditTrail audit) {
    this.security = security;
    this.audit = audit;
  }

  public void login(RoutingContext ctx) {
    JsonFields fields = new JsonFields(JsonBodies.objectOf(ctx), LOGIN_FIELDS);
    String username = fields.string("username", true, 1, 64);
    String password = fields.string("password", true, 1, 1_024);
    fields.validate();
    String ip = security.clients().of(ctx);
    security
        .users()
        .find(username)
        .compose(
            user -> {
              String audited = audited(username, user);
              return security
                  .loginThrottle()
                  .exhausted(username, ip)
                  .compose(
                      wait -> {
                        refuseIfThrottled(ctx, audited, wait);
                        return security.checkLogin(
                            username, ip, password, user == null ? null : user.passwordHash());
                      })
                  .map(
                      check -> {
                        refuseIfThrottled(ctx, audited, check.retryAfterSeconds());
                        if (!check.passwordValid() || user == null) {
                          audit.login(ctx, audited, false, "bad credentials");
                          throw ProblemException.unauthorized(BAD_CREDENTIALS);
                        }
                        if (check.outdated()) {
                          rehashAfterward(user, password);
                        }
                        return user;
                      });
            })
        .onSuccess(
            user -> {
              security.loginThrottle().succeeded(username, ip);
              security.stamps().remember(user.username(), user.role(), user.stamp());
              audit.login(ctx, username, true, "");
              Responses.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put(
                          "access_token",
                          security.tokens().issue(user.username(), user.role(), user.stamp()))
                      .put("token_type", "bearer")
                      .put("expires_in", security.tokens().ttlSeconds()));
            })
        .onFailure(ctx::fail);
  }

  /**
   * Makes the outdated hash of a password just proved anew (Argon2id at the configured cost), after
   * the login is answered: the login does not wait for a second hash, and a failure only means the
   * next login tries again.
   */
  private void rehashAfterward(UserStore.StoredUser user, String password) {
    security
        .rehash(user.username(), user.passwordHash(), password)
        .onFailure(
            failure ->
                LOG.warn("password of {} not rehashed: {}", user.username(), failure.getMessage()));
  }

  /**
   * The name a failed login is audited under: what was typed when it names a user, else a
   * placeholder, since people type passwords into the username field and the audit log keeps it.
   */
  static String audited(String typed, Object user) {
    return user == null ? UNKNOWN_USER : typed;
  }

  private void refuseIfThrottled(RoutingContext ctx, String username, long waitSeconds) {
    if (waitSeconds > 0) {
      audit.login(ctx, username, false, "throttled");
      throw RateLimitHandler.tooManyRequests(waitSeconds);
    }
  }

  public void me(RoutingContext ctx) {
    Principal principal = Principal.of(ctx).orElseThrow();
    Responses.json(
        ctx,
        200,
        new JsonObject()
            .put("username", principal.username())
            .put("role", principal.role().wireName())
            .put("auth_method", principal.authMethod()));
  }

  public void listKeys(RoutingContext ctx) {
    Principal principal = Principal.of(ctx).orElseThrow();
    security
        .apiKeys()
        .listOwnedBy(principal.username())
        .onSuccess(
            keys -> {
              JsonArray items = new JsonArray();
              keys.forEach(key -> items.add(key.toJson()));
              Responses.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  public void createKey(RoutingContext ctx) {
    Principal principal = Principal.of(ctx).orElseThrow();
    JsonFields fields = new JsonFields(JsonBodies.objectOf(ctx), KEY_FIELDS);
    String name = fields.string("name", true, 1, 100);
    String roleName = fields.matching("role", false, ROLE, "one of agent, operator, admin");
    Integer days = fields.integer("expires_in_days", false, 1, MAX_KEY_DAYS);
    Role role = roleName == null ? principal.role() : Role.fromWire(roleName).orElseThrow();
    if (roleName != null && !principal.role().atLeast(role)) {
      fields.fail("role", "cannot exceed your own role (" + principal.role().wireName() + ")");
    }
    fields.validate();
    Long expiresAt = days == null ? null : System.currentTimeMillis() + days * 86_400_000L;
    int maxKeys = security.auth().maxKeysPerUser();
    security
        .apiKeys()
        .create(
            principal.username(),
            name,
            role,
            expiresAt,
            principal.tokenStamp(),
            principal.keyId(),
            maxKeys)
        .onSuccess(
            creation -> {
              if (creation.callerRevoked()) {
                ctx.fail(401);
                return;
              }
              if (creation.tooMany()) {
                ctx.fail(
                    ProblemException.conflict(
                        "You hold "
                            + maxKeys
                            + " API keys, the most allowed (auth.max_keys_per_user); revoke one"
                            + " first"));
                return;
              }
              ApiKeyStore.CreatedKey created = creation.key();
              audit.action(ctx, "auth.key_create", created.info().id());
              ctx.response().putHeader("Location", "/api/auth/keys/" + created.info().id());
              Responses.json(ctx, 201, created.info().toJson().put("key", created.secret()));
            })
        .onFailure(ctx::fail);
  }

  public void revokeKey(RoutingContext ctx) {
    Principal principal = Principal.of(ctx).orElseThrow();
    String id = ctx.pathParam("id");
    if (!ApiKeyStore.KEY_ID.matcher(id).matches()) {
      throw ProblemException.badRequest("key id must be 10 characters of [a-z0-9]");
    }
    security
        .apiKeys()
        .findById(id)
        .compose(
            key -> {
              if (key == null) {
                throw ProblemException.notFound("No API key with id " + id);
              }
              if (!key.owner().equals(principal.username()) && principal.role() != Role.ADMIN) {
                throw ProblemException.forbidden("Only the key's owner or an admin may revoke it");
              }
              return security.apiKeys().revoke(key);
            })
        .onSuccess(
            done -> {
              audit.action(ctx, "auth.key_revoke", id);
              Responses.noContent(ctx);
            })
        .onFailure(ctx::fail);
  }

  /** Mounts these routes, each public or with the least role that may call it. */
  public static void mount(RouteTable routes, ApiDependencies deps) {
    AuthRoutes auth = new AuthRoutes(deps.security(), deps.audit());
    routes
        .publicLimitedRoute(POST, "/api/auth/login", LOGIN_BODY_LIMIT_BYTES, auth::login)
        .protectedRoute(GET, "/api/auth/me", AGENT, auth::me)
        .protectedRoute(GET, "/api/auth/keys", AGENT, auth::listKeys)
        .protectedRoute(POST, "/api/auth/keys", AGENT, auth::createKey)
        .protectedRoute(DELETE, "/api/auth/keys/:id", AGENT, auth::revokeKey);
  }
}
