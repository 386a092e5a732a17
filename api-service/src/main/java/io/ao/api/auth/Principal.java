package io.ao.api.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who made a request, once authenticated: the user (or the owner of the API key), the role in force
 * (a key may carry less than its owner's role) and how they proved it. {@code keyId} is set for API
 * keys only, {@code tokenStamp} (the credential stamp the token was issued under) for tokens only.
 */
public record Principal(
    String username, Role role, String authMethod, String keyId, String tokenStamp) {

  public Principal(String username, Role role, String authMethod, String keyId) {
    this(username, role, authMethod, keyId, null);
  }

  public static final String JWT = "jwt";
  public static final String API_KEY = "api_key";
  private static final String CONTEXT_KEY = "ao.principal";

  public void attachTo(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }

  public static Optional<Principal> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(CONTEXT_KEY));
  }
}
