package io.ao.api.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;

/**
 * Issues and verifies HS256 access tokens (vertx-auth-jwt) with issuer, audience, expiry
 * and a key id. Verification refuses other algorithms (including "none"), other issuers
 * and audiences, and expired tokens.
 */
public final class TokenService {

  static final String KEY_ID = "hs256-1";

  private final JWTAuth jwt;
  private final AuthSettings settings;

  public TokenService(Vertx vertx, AuthSettings settings) {
    this.settings = settings;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(settings.jwtSecret()).setId(KEY_ID))
      .setJWTOptions(new JWTOptions().setIssuer(settings.issuer()).setAudience(List.of(settings.audience()))
        .setLeeway(0)));
  }

  public JWTAuth provider() {
    return jwt;
  }

  public String issue(String username, Role role) {
    return jwt.generateToken(new JsonObject().put("sub", username).put("role", role.wireName()),
      new JWTOptions().setAlgorithm("HS256").setIssuer(settings.issuer()).setAudience(List.of(settings.audience()))
        .setExpiresInSeconds(settings.tokenTtlSeconds()).setHeader(new JsonObject().put("kid", KEY_ID)));
  }

  public int ttlSeconds() {
    return settings.tokenTtlSeconds();
  }
}
