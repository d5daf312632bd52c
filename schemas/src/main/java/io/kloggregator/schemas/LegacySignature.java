package io.kloggregator.schemas;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The original loggregator's envelope signature (loggregatorlib signature/symmetric.go): the
 * SHA-256 digest of the message text only, encrypted with AES-128-CBC under the first 16 bytes of
 * SHA-256(secret), a random IV prepended, padded with 0x80 then zeros (a full block when aligned).
 * A 32-byte digest gives a 64-byte signature. It does not cover app id or timestamp; see
 * {@link MessageHmac} for the signature kloggregator prefers. Thread-safe.
 */
final class LegacySignature {

  static final int BLOCK = 16;
  static final int SIGNATURE_LENGTH = BLOCK + 48;

  private final SecretKeySpec key;
  private final SecureRandom random;

  LegacySignature(SharedSecret secret, SecureRandom random) {
    this.key = new SecretKeySpec(secret.aesKey(), "AES");
    this.random = random;
  }

  byte[] sign(byte[] messageText) {
    byte[] iv = new byte[BLOCK];
    random.nextBytes(iv);
    byte[] padded = pad(SharedSecret.sha256(messageText));
    byte[] cipherText = crypt(Cipher.ENCRYPT_MODE, iv, padded);
    byte[] out = new byte[BLOCK + cipherText.length];
    System.arraycopy(iv, 0, out, 0, BLOCK);
    System.arraycopy(cipherText, 0, out, BLOCK, cipherText.length);
    return out;
  }

  boolean verify(byte[] messageText, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    byte[] iv = Arrays.copyOfRange(signature, 0, BLOCK);
    byte[] body = Arrays.copyOfRange(signature, BLOCK, signature.length);
    byte[] plain = crypt(Cipher.DECRYPT_MODE, iv, body);
    byte[] digest = Arrays.copyOf(plain, 32);
    boolean padOk = plain[32] == (byte) 0x80;
    for (int i = 33; i < plain.length; i++) {
      padOk &= plain[i] == 0;
    }
    return MessageDigest.isEqual(digest, SharedSecret.sha256(messageText)) & padOk;
  }

  private static byte[] pad(byte[] data) {
    int padded = (data.length / BLOCK + 1) * BLOCK;
    byte[] out = new byte[padded];
    System.arraycopy(data, 0, out, 0, data.length);
    out[data.length] = (byte) 0x80;
    return out;
  }

  private byte[] crypt(int mode, byte[] iv, byte[] data) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(mode, key, new IvParameterSpec(iv));
      return cipher.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-CBC unavailable", e);
    }
  }
}
