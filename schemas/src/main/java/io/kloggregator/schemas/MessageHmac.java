package io.kloggregator.schemas;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * kloggregator's envelope signature: HMAC-SHA256 under the shared secret over the exact bytes of
 * the envelope's {@code log_message} field, so app id, timestamp, type and source are covered and
 * a captured envelope cannot be replayed under another app. Thread-safe ({@link Mac} is cloned
 * per call from a prototype).
 */
final class MessageHmac {

  static final int LENGTH = 32;

  private final Mac prototype;

  MessageHmac(SharedSecret secret) {
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(secret.hmacKey(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  byte[] sign(byte[] data, int offset, int length) {
    Mac mac = newMac();
    mac.update(data, offset, length);
    return mac.doFinal();
  }

  boolean verify(byte[] data, int offset, int length, byte[] expected) {
    return expected.length == LENGTH
        && MessageDigest.isEqual(sign(data, offset, length), expected);
  }

  private Mac newMac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 provider cannot clone", e);
    }
  }
}
