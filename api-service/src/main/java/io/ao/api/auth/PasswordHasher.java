package io.ao.api.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 at OWASP's current work factor (600,000 iterations), from the JDK. Slow on
 * purpose: callers run it on a worker thread, never on an event loop. Stored form: {@code
 * pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 */
public final class PasswordHasher {

  public static final int OWASP_ITERATIONS = 600_000;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  /**
   * Verified against when the user does not exist, so both cases take the same time. Made on first
   * use (on a hashing thread), not in the constructor: at the production work factor it costs 0.3
   * s, which the API's start would otherwise wait for.
   */
  private volatile String dummyHash;

  public PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1");
    }
    this.iterations = iterations;
  }

  /** Makes the dummy hash now (the API calls this on its hashing pool once it is up). */
  public void prepare() {
    dummyHash();
  }

  private String dummyHash() {
    String dummy = dummyHash;
    if (dummy == null) {
      synchronized (this) {
        if (dummyHash == null) {
          dummyHash = hash("not-a-password-" + random.nextLong());
        }
        dummy = dummyHash;
      }
    }
    return dummy;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "pbkdf2-sha256$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /** Constant-time comparison; a null or malformed stored hash is checked against a dummy. */
  public boolean verify(String password, String stored) {
    String[] parts = (stored == null ? dummyHash() : stored).split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      parts = dummyHash().split("\\$");
      stored = null;
    }
    int storedIterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = derive(password, salt, storedIterations);
    return MessageDigest.isEqual(expected, actual) && stored != null;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2 is required by every JVM", e);
    }
  }
}
