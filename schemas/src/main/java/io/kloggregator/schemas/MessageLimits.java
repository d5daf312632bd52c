package io.kloggregator.schemas;

import java.util.Arrays;

/**
 * The original emitter's size rule: a message body longer than {@link #MAX_MESSAGE_BYTES} is cut
 * and {@code TRUNCATED} is appended. Unlike the original, the cut never splits a UTF-8 sequence.
 */
public final class MessageLimits {

  /** 9 x 1024 - 512, as in loggregatorlib's emitter. */
  public static final int MAX_MESSAGE_BYTES = 8704;

  private static final byte[] MARKER = {'T', 'R', 'U', 'N', 'C', 'A', 'T', 'E', 'D'};

  private MessageLimits() {
  }

  /** True when {@code length} bytes fit one message without cutting. */
  public static boolean fits(int length) {
    return length <= MAX_MESSAGE_BYTES;
  }

  /**
   * Returns {@code body} unchanged when it fits, else its first bytes up to a UTF-8 boundary
   * followed by {@code TRUNCATED}, {@link #MAX_MESSAGE_BYTES} bytes at most in all.
   */
  public static byte[] truncate(byte[] body) {
    if (fits(body.length)) {
      return body;
    }
    int cut = utf8Boundary(body, MAX_MESSAGE_BYTES - MARKER.length);
    byte[] out = Arrays.copyOf(body, cut + MARKER.length);
    System.arraycopy(MARKER, 0, out, cut, MARKER.length);
    return out;
  }

  /**
   * Largest index {@code <= limit} that does not fall inside a UTF-8 multi-byte sequence. Bytes
   * that are not valid UTF-8 are treated as single units, so invalid input is still cut.
   */
  static int utf8Boundary(byte[] bytes, int limit) {
    if (limit >= bytes.length) {
      return bytes.length;
    }
    int i = limit;
    int back = 0;
    while (i > 0 && back < 3 && (bytes[i] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    return i;
  }
}
