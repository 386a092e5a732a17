package io.ao.shared.config;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The API's authentication ({@code auth} section). There is no default for the signing key nor for
 * any password: an empty admin password means "generate one".
 *
 * @param jwtAlgorithm HS256 (signed with {@code jwtSecret}) or RS256/ES256 (with the PEM key pair)
 * @param adminPasswordFile where the generated first admin's password is written, if anywhere
 * @param argon2MemoryKib Argon2id memory per password hash, in KiB (OWASP: 19,456)
 * @param argon2Iterations Argon2id passes over that memory (OWASP: 2)
 * @param argon2Parallelism Argon2id lanes (OWASP: 1)
 * @param maxKeysPerUser how many unexpired API keys one user may hold
 */
public record AuthConfig(
    boolean enabled,
    String jwtAlgorithm,
    String jwtSecret,
    String jwtPrivateKeyPem,
    String jwtPublicKeyPem,
    String issuer,
    String audience,
    int tokenTtlSeconds,
    String adminPassword,
    String adminPasswordFile,
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    int maxKeysPerUser) {

  public static final String HS256 = "HS256";
  private static final Set<String> ALGORITHMS = Set.of(HS256, "RS256", "ES256");

  static AuthConfig read(ConfigReader config) {
    return new AuthConfig(
        config.bool("auth.enabled"),
        config.oneOf("auth.jwt_algorithm", ALGORITHMS),
        config.string("auth.jwt_secret"),
        config.string("auth.jwt_private_key_pem"),
        config.string("auth.jwt_public_key_pem"),
        config.nonBlankString("auth.issuer"),
        config.nonBlankString("auth.audience"),
        config.requiredInt("auth.token_ttl_seconds", 60, 86_400),
        adminPassword(config),
        config.string("auth.admin_password_file"),
        config.requiredInt("auth.argon2_memory_kib", 1_024, 1_048_576),
        config.requiredInt("auth.argon2_iterations", 1, 10),
        config.requiredInt("auth.argon2_parallelism", 1, 16),
        config.requiredInt("auth.max_keys_per_user", 1, 100_000));
  }

  private static String adminPassword(ConfigReader config) {
    String password = config.string("auth.admin_password");
    config.check(
        password.isEmpty() || password.length() >= 12,
        "auth.admin_password",
        "at least 12 characters (or empty to generate one)");
    return password;
  }

  /**
   * With auth enabled, the service that signs and checks tokens needs its key: a secret of at least
   * 32 bytes for HS256, a PEM key pair otherwise. Only the API does ({@link ConfigRequirement}).
   */
  void checkSigningKey(ConfigReader config) {
    if (!enabled) {
      return;
    }
    if (HS256.equals(jwtAlgorithm)) {
      config.check(
          jwtSecret.getBytes(StandardCharsets.UTF_8).length >= 32,
          "auth.jwt_secret",
          "a secret of at least 32 bytes (set AO_JWT_SECRET)");
    } else {
      config.check(
          jwtPrivateKeyPem.contains("PRIVATE KEY"),
          "auth.jwt_private_key_pem",
          "a PKCS#8 PEM private key for " + jwtAlgorithm);
      config.check(
          jwtPublicKeyPem.contains("PUBLIC KEY"),
          "auth.jwt_public_key_pem",
          "a PEM public key for " + jwtAlgorithm);
    }
  }

  /** Never print the secrets, even by accident in a debugger or log line. */
  @Override
  public String toString() {
    return "AuthConfig[enabled="
        + enabled
        + ", algorithm="
        + jwtAlgorithm
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + "]";
  }
}
