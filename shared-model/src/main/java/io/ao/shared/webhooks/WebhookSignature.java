package io.ao.shared.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (standardwebhooks.com): {@code v1,} + base64 of HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed by the bytes a {@code whsec_} + base64
 * secret encodes. The worker signs outbound deliveries with it and the API verifies intake with it.
 */
public final class WebhookSignature {

  public static final String SECRET_PREFIX = "whsec_";
  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private WebhookSignature(byte[] key) {
    this.key = key;
  }

  /** A fresh secret: {@code whsec_} + base64 of 32 random bytes. */
  public static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The signer of {@code secret} ({@code whsec_} + base64).
   *
   * @throws IllegalArgumentException when it is not of that form
   */
  public static WebhookSignature of(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
    }
    byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    if (key.length == 0) {
      throw new IllegalArgumentException("a webhook secret is not empty");
    }
    return new WebhookSignature(key);
  }

  /** The {@code webhook-signature} header's value for this message: {@code v1,<base64>}. */
  public String sign(String messageId, long timestampSeconds, byte[] body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(messageId, timestampSeconds, body));
  }

  /**
   * True when one of the space-separated signatures in {@code header} is a {@code v1} signature of
   * this message (a sender rotating secrets sends several). Compared in constant time.
   */
  public boolean verifies(String messageId, long timestampSeconds, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = mac(messageId, timestampSeconds, body);
    boolean found = false;
    for (String candidate : header.trim().split(" +")) {
      if (!candidate.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(3));
      } catch (IllegalArgumentException notBase64) {
        continue;
      }
      found |= MessageDigest.isEqual(expected, given);
    }
    return found;
  }

  private byte[] mac(String messageId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
    }
  }
}
