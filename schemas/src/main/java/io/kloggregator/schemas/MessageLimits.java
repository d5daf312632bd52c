package io.kloggregator.schemas;

import java.util.Arrays;

/**
 * The original emitter's size rule, the one truncation rule of kloggregator: a message body longer
 * than its limit ({@link #MAX_MESSAGE_BYTES} for a datagram, the agent's line limit for a line) is
 * cut and {@code TRUNCATED} is appended, the result being the limit's length at most. Unlike the
 * original, the cut never splits a UTF-8 sequence. Called by the agent (line splitting and
 * encoding) and the envelope codec. Stateless, thread-safe.
 */
public final class MessageLimits {

  /** 9 x 1024 - 512, as in loggregatorlib's emitter. */
  public static final int MAX_MESSAGE_BYTES = 8704;

  private static final byte[] MARKER = {'T', 'R', 'U', 'N', 'C', 'A', 'T', 'E', 'D'};

  /** The bytes of the {@code TRUNCATED} marker; the smallest limit {@link #truncate} takes. */
  public static final int MARKER_BYTES = MARKER.length;

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
    return fits(body.length) ? body : truncate(body, 0, body.length, MAX_MESSAGE_BYTES);
  }

  /**
   * The body {@code bytes[offset, offset + length)} in a new array: as it is when it has
   * {@code maxBytes} bytes or fewer, else its first bytes up to a UTF-8 boundary followed by
   * {@code TRUNCATED}, {@code maxBytes} bytes at most in all.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is below {@link #MARKER_BYTES}
   */
  public static byte[] truncate(byte[] bytes, int offset, int length, int maxBytes) {
    if (maxBytes < MARKER_BYTES) {
      throw new IllegalArgumentException("maxBytes must be at least " + MARKER_BYTES + ", was "
          + maxBytes);
    }
    if (length <= maxBytes) {
      return Arrays.copyOfRange(bytes, offset, offset + length);
    }
    int keep = utf8Boundary(bytes, offset, maxBytes - MARKER_BYTES);
    byte[] out = Arrays.copyOfRange(bytes, offset, offset + keep + MARKER_BYTES);
    System.arraycopy(MARKER, 0, out, keep, MARKER_BYTES);
    return out;
  }

  /**
   * The largest cut {@code <= limit} bytes after {@code offset} that does not fall inside a UTF-8
   * multi-byte sequence; the byte at {@code offset + limit} must exist. Bytes that are not valid
   * UTF-8 are treated as single units (at most three continuation bytes are stepped back over),
   * so invalid input is still cut.
   */
  static int utf8Boundary(byte[] bytes, int offset, int limit) {
    int i = limit;
    int back = 0;
    while (i > 0 && back < 3 && (bytes[offset + i] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    return i;
  }
}
