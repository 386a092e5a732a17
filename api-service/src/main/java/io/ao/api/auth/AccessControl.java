package io.ao.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.AuthorizationProvider;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.ChainAuthHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Authentication (a JWT bearer token or an API key, chained through vertx-web's auth handlers) and
 * role checks (its authorization handlers). Roles nest: an admin holds the operator and agent roles
 * too, so a route names the least role it needs.
 */
public final class AccessControl {

  private static final String PROVIDER_ID = "ao-roles";

  private final boolean enabled;
  private final AuthenticationHandler authentication;
  private final Map<Role, AuthorizationHandler> authorizations = new EnumMap<>(Role.class);

  private final CredentialStamps stamps;

  public AccessControl(
      boolean enabled, TokenService tokens, ApiKeyAuthentication apiKeys, CredentialStamps stamps) {
    this.enabled = enabled;
    this.stamps = stamps;
    this.authentication =
        ChainAuthHandler.any()
            .add(JWTAuthHandler.create(tokens.provider()))
            .add(APIKeyHandler.create(apiKeys).header("X-API-Key"));
    AuthorizationProvider roles = new NestedRoles();
    for (Role role : Role.values()) {
      authorizations.put(
          role,
          AuthorizationHandler.create(RoleBasedAuthorization.create(role.wireName()))
              .addAuthorizationProvider(roles));
    }
  }

  /**
   * Puts the guards of a protected route in place: authentication (bearer token or API key), the
   * role check, then our Principal for everything downstream. vertx-web wants them in that order
   * (authentication, authorization, then user handlers).
   */
  public void guard(Route route, Role minRole) {
    if (!enabled) {
      // auth.enabled=false, an operator's explicit choice for a closed network: every caller
      // is an anonymous admin (and the audit log says so).
      route.handler(
          ctx -> {
            new Principal("anonymous", Role.ADMIN, "none", null).attachTo(ctx);
            ctx.next();
          });
      return;
    }
    route
        .handler(authentication)
        .handler(authorizations.get(minRole))
        .handler(this::attachPrincipal);
  }

  /**
   * The vertx-auth User becomes our Principal. A key is looked up on every request, so a revoked
   * one never gets here; a token is checked against its user's current credential stamp, so a token
   * of a deleted user, or issued before a password reset, is refused. With Redis unable to answer
   * the check, the request fails as an outage (503), not as a 401.
   */
  private void attachPrincipal(RoutingContext ctx) {
    User user = ctx.user();
    JsonObject claims = user == null ? null : user.principal();
    Role role = claims == null ? null : Role.fromWire(claims.getString("role")).orElse(null);
    String username = claims == null ? null : claims.getString("sub");
    if (role == null || username == null) {
      ctx.fail(401);
      return;
    }
    String keyId = claims.getString("key_id");
    if (keyId != null) {
      new Principal(username, role, Principal.API_KEY, keyId).attachTo(ctx);
      ctx.next();
      return;
    }
    String stamp = claims.getString(TokenService.STAMP_CLAIM, CredentialStamps.LEGACY);
    stamps
        .current(username)
        .onSuccess(
            current -> {
              if (!current.exists() || !current.stamp().equals(stamp) || current.role() != role) {
                ctx.fail(401);
                return;
              }
              new Principal(username, role, Principal.JWT, null, stamp).attachTo(ctx);
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  /** Grants a user its own role and every role below it. */
  private static final class NestedRoles implements AuthorizationProvider {
    @Override
    public String getId() {
      return PROVIDER_ID;
    }

    @Override
    public Future<Void> getAuthorizations(User user) {
      Role role = Role.fromWire(user.principal().getString("role")).orElse(null);
      Set<Authorization> granted =
          role == null
              ? Set.of()
              : Stream.of(Role.values())
                  .filter(role::atLeast)
                  .map(r -> (Authorization) RoleBasedAuthorization.create(r.wireName()))
                  .collect(Collectors.toSet());
      user.authorizations().put(PROVIDER_ID, granted);
      return Future.succeededFuture();
    }
  }
}
