package io.kloggregator.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The emitter protocol's shared secret and the keys derived from it. Immutable; {@link #toString}
 * never shows the secret.
 */
public final class SharedSecret {

  private final byte[] hmacKey;
  private final byte[] aesKey;

  private SharedSecret(byte[] secret) {
    this.hmacKey = secret.clone();
    this.aesKey = Arrays.copyOf(sha256(secret), 16);
  }

  /** A secret from its configured text; blank secrets are refused. */
  public static SharedSecret of(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("shared secret must not be blank");
    }
    return new SharedSecret(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Key for {@link MessageHmac}: the secret's bytes. */
  byte[] hmacKey() {
    return hmacKey;
  }

  /** Key for {@link LegacySignature}: the first 16 bytes of SHA-256(secret), as the original. */
  byte[] aesKey() {
    return aesKey;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SharedSecret[****]";
  }
}
