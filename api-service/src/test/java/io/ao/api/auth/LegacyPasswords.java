package io.ao.api.auth;

import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Password hashes as releases before Argon2id stored them: PBKDF2-HMAC-SHA256. */
final class LegacyPasswords {

  private LegacyPasswords() {}

  static String pbkdf2(String password, int iterations) {
    try {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      byte[] hash =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
              .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
              .getEncoded();
      Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
      return "pbkdf2-sha256$"
          + iterations
          + "$"
          + b64.encodeToString(salt)
          + "$"
          + b64.encodeToString(hash);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
