package io.ao.api.auth;

import io.ao.shared.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The {@code auth} section, validated: with auth enabled, HS256 needs a secret of at least
 * 32 bytes and RS256/ES256 a PEM key pair; there is no default for any of them (nor for
 * any password).
 */
public record AuthSettings(boolean enabled, String jwtAlgorithm, String jwtSecret, String jwtPrivateKeyPem,
                           String jwtPublicKeyPem, String issuer, String audience, int tokenTtlSeconds,
                           String adminPassword, String adminPasswordFile, int passwordIterations) {

  public static AuthSettings from(JsonObject config) {
    ConfigReader reader = new ConfigReader(config);
    boolean enabled = reader.bool("auth.enabled");
    String algorithm = reader.oneOf("auth.jwt_algorithm", Set.of("HS256", "RS256", "ES256"));
    String secret = reader.string("auth.jwt_secret");
    String privateKey = reader.string("auth.jwt_private_key_pem");
    String publicKey = reader.string("auth.jwt_public_key_pem");
    if ("HS256".equals(algorithm)) {
      reader.check(!enabled || secret.getBytes(StandardCharsets.UTF_8).length >= 32, "auth.jwt_secret",
        "a secret of at least 32 bytes (set AO_JWT_SECRET)");
    } else {
      reader.check(!enabled || privateKey.contains("PRIVATE KEY"), "auth.jwt_private_key_pem",
        "a PKCS#8 PEM private key for " + algorithm);
      reader.check(!enabled || publicKey.contains("PUBLIC KEY"), "auth.jwt_public_key_pem",
        "a PEM public key for " + algorithm);
    }
    String issuer = reader.nonBlankString("auth.issuer");
    String audience = reader.nonBlankString("auth.audience");
    int ttl = reader.requiredInt("auth.token_ttl_seconds", 60, 86_400);
    String adminPassword = reader.string("auth.admin_password");
    reader.check(adminPassword.isEmpty() || adminPassword.length() >= 12, "auth.admin_password",
      "at least 12 characters (or empty to generate one)");
    String passwordFile = reader.string("auth.admin_password_file");
    int iterations = reader.requiredInt("auth.password_iterations", 10_000, 10_000_000);
    reader.throwIfInvalid();
    return new AuthSettings(enabled, algorithm, secret, privateKey, publicKey, issuer, audience, ttl, adminPassword,
      passwordFile, iterations);
  }

  /** Never print the secrets, even by accident in a debugger or log line. */
  @Override
  public String toString() {
    return "AuthSettings[enabled=" + enabled + ", algorithm=" + jwtAlgorithm + ", issuer=" + issuer
      + ", audience=" + audience + "]";
  }
}
