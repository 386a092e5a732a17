package io.ao.api.auth;

import io.ao.shared.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.Locale;

/**
 * Issues and verifies access tokens (vertx-auth-jwt; HS256 by default, RS256 or ES256 with a
 * configured key pair) with issuer, audience, expiry and a key id. Verification refuses other
 * algorithms (including "none"), other issuers and audiences, and expired tokens.
 */
public final class TokenService {

  private final String keyId;

  private final JWTAuth jwt;
  private final AuthConfig settings;

  public TokenService(Vertx vertx, AuthConfig settings) {
    this.settings = settings;
    this.keyId = settings.jwtAlgorithm().toLowerCase(Locale.ROOT) + "-1";
    JWTAuthOptions options =
        new JWTAuthOptions()
            .setJWTOptions(
                new JWTOptions()
                    .setIssuer(settings.issuer())
                    .setAudience(List.of(settings.audience()))
                    .setLeeway(0));
    if ("HS256".equals(settings.jwtAlgorithm())) {
      options.addPubSecKey(
          new PubSecKeyOptions()
              .setAlgorithm("HS256")
              .setBuffer(settings.jwtSecret())
              .setId(keyId));
    } else {
      // Asymmetric: other services can verify our tokens with the public key alone.
      options
          .addPubSecKey(
              new PubSecKeyOptions()
                  .setAlgorithm(settings.jwtAlgorithm())
                  .setBuffer(settings.jwtPrivateKeyPem())
                  .setId(keyId))
          .addPubSecKey(
              new PubSecKeyOptions()
                  .setAlgorithm(settings.jwtAlgorithm())
                  .setBuffer(settings.jwtPublicKeyPem())
                  .setId(keyId));
    }
    this.jwt = JWTAuth.create(vertx, options);
  }

  public JWTAuth provider() {
    return jwt;
  }

  /** The claim that carries the user's credential stamp (see {@link CredentialStamps}). */
  public static final String STAMP_CLAIM = "stp";

  public String issue(String username, Role role, String stamp) {
    return jwt.generateToken(
        new JsonObject().put("sub", username).put("role", role.wireName()).put(STAMP_CLAIM, stamp),
        new JWTOptions()
            .setAlgorithm(settings.jwtAlgorithm())
            .setIssuer(settings.issuer())
            .setAudience(List.of(settings.audience()))
            .setExpiresInSeconds(settings.tokenTtlSeconds())
            .setHeader(new JsonObject().put("kid", keyId)));
  }

  public int ttlSeconds() {
    return settings.tokenTtlSeconds();
  }
}
