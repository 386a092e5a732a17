package io.ao.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Stored passwords: Argon2id, OWASP's first choice (m = 19 MiB, t = 2, p = 1 by default), through
 * BouncyCastle, in the PHC string form {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt
 * b64>$<hash b64>}. Hashes of the earlier form, {@code pbkdf2-sha256$<iterations>$<salt>$<hash>},
 * still verify, and say they are {@linkplain Verdict#outdated() outdated}, as does an Argon2id hash
 * with other parameters: the login that proves the password rehashes it. Slow on purpose: callers
 * run it on the hashing pool, never on an event loop.
 */
public final class PasswordHasher {

  /** Argon2id's cost: memory in KiB, passes over it, lanes. */
  public record Cost(int memoryKib, int iterations, int parallelism) {

    public static final Cost OWASP = new Cost(19 * 1024, 2, 1);

    public Cost {
      if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("not an Argon2 cost: " + this);
      }
    }
  }

  /** A password checked: right or not, and whether its stored hash should be made anew. */
  public record Verdict(boolean valid, boolean outdated) {}

  private static final Pattern ARGON2ID =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{16,})");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int PBKDF2_BITS = 256;

  private final Cost cost;
  private final SecureRandom random = new SecureRandom();

  /**
   * Verified against when the user does not exist, so both cases take the same time as a wrong
   * password of a user whose hash is current. Made on first use (on a hashing thread), not in the
   * constructor, which runs as the API starts.
   */
  private volatile String dummyHash;

  public PasswordHasher(Cost cost) {
    this.cost = cost;
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
    byte[] hash = argon2id(password, salt, cost, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + cost.memoryKib()
        + ",t="
        + cost.iterations()
        + ",p="
        + cost.parallelism()
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * Constant-time comparison. A null (unknown user) or unreadable stored hash is checked against
   * the dummy, at the current cost, and is never valid.
   */
  public Verdict verify(String password, String stored) {
    if (stored != null && stored.startsWith("pbkdf2-sha256$")) {
      Boolean valid = verifyPbkdf2(password, stored);
      if (valid != null) {
        return new Verdict(valid, true);
      }
    }
    Matcher argon = ARGON2ID.matcher(stored == null ? "" : stored);
    boolean readable = argon.matches() && costOf(argon) != null;
    if (!readable) {
      argon = ARGON2ID.matcher(dummyHash());
      argon.matches();
    }
    Cost storedCost = costOf(argon);
    byte[] salt = Base64.getDecoder().decode(argon.group(4));
    byte[] expected = Base64.getDecoder().decode(argon.group(5));
    byte[] actual = argon2id(password, salt, storedCost, expected.length);
    boolean valid = MessageDigest.isEqual(expected, actual) && readable;
    return new Verdict(valid, valid && !storedCost.equals(cost));
  }

  /** The cost a stored hash names, or null when it is no cost this hasher would run. */
  private static Cost costOf(Matcher argon) {
    try {
      Cost named =
          new Cost(
              Integer.parseInt(argon.group(1)),
              Integer.parseInt(argon.group(2)),
              Integer.parseInt(argon.group(3)));
      // a stored hash sets the work a login does: bound it like the configuration is
      return named.memoryKib() <= 1024 * 1024 && named.iterations() <= 10 ? named : null;
    } catch (IllegalArgumentException notACost) {
      return null;
    }
  }

  private static byte[] argon2id(String password, byte[] salt, Cost cost, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(cost.memoryKib())
            .withIterations(cost.iterations())
            .withParallelism(cost.parallelism())
            .withSalt(salt)
            .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  /** A PBKDF2 hash of the earlier form checked, or null when it is not one. */
  private static Boolean verifyPbkdf2(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[1].matches("\\d{1,8}")) {
      return null;
    }
    int iterations = Integer.parseInt(parts[1]);
    if (iterations < 1 || iterations > 10_000_000) {
      return null;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, PBKDF2_BITS);
      byte[] actual =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException notBase64) {
      return null;
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2 is required by every JVM", e);
    }
  }
}
