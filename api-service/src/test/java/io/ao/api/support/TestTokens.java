package io.ao.api.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Tokens minted outside the API: valid ones, and every kind of bad one. */
public final class TestTokens {

  private static final Vertx VERTX = Vertx.vertx();
  static final String ISSUER = "automation-orchestrator";
  static final String AUDIENCE = "automation-orchestrator-api";

  private TestTokens() {}

  public static String valid(String username, String role) {
    return sign(RunningApi.JWT_SECRET, username, role, ISSUER, AUDIENCE, 600);
  }

  public static String signedWith(String secret, String username, String role) {
    return sign(secret, username, role, ISSUER, AUDIENCE, 600);
  }

  public static String withIssuer(String issuer, String username, String role) {
    return sign(RunningApi.JWT_SECRET, username, role, issuer, AUDIENCE, 600);
  }

  public static String withAudience(String audience, String username, String role) {
    return sign(RunningApi.JWT_SECRET, username, role, ISSUER, audience, 600);
  }

  /** Expired a minute ago (signed correctly). */
  public static String expired(String username, String role) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put("sub", username)
            .put("role", role)
            .put("iss", ISSUER)
            .put("aud", AUDIENCE)
            .put("iat", now - 3600)
            .put("exp", now - 60);
    return provider(RunningApi.JWT_SECRET)
        .generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }

  /** {"alg":"none"} with no signature, claiming to be an admin. */
  public static String unsigned(String username, String role) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = System.currentTimeMillis() / 1000;
    String header =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String body =
        b64.encodeToString(
            new JsonObject()
                .put("sub", username)
                .put("role", role)
                .put("iss", ISSUER)
                .put("aud", AUDIENCE)
                .put("iat", now)
                .put("exp", now + 600)
                .encode()
                .getBytes(StandardCharsets.UTF_8));
    return header + "." + body + ".";
  }

  private static String sign(
      String secret, String username, String role, String issuer, String audience, int ttl) {
    return provider(secret)
        .generateToken(
            new JsonObject().put("sub", username).put("role", role),
            new JWTOptions()
                .setAlgorithm("HS256")
                .setIssuer(issuer)
                .setAudience(List.of(audience))
                .setExpiresInSeconds(ttl));
  }

  private static JWTAuth provider(String secret) {
    return JWTAuth.create(
        VERTX,
        new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }
}
