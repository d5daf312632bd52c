package io.kloggregator.router;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Key layout of the recent-lines store: {@code [u16 length][app id UTF-8][u64 offset]}, all
 * big-endian. The length prefix keeps one app's range free of other apps whose id starts with it,
 * and the big-endian offset makes a reverse range scan over the app's prefix yield newest first.
 * A replayed record has the same offset, so it lands on the same key.
 */
final class LineKeys {

  static final int MAX_APP_ID_BYTES = 0xFFFF;

  private LineKeys() {
  }

  /** The key of the line at {@code offset} of app {@code appId} (offset >= 0). */
  static Bytes line(byte[] appId, long offset) {
    return Bytes.wrap(ByteBuffer.allocate(2 + appId.length + 8)
        .putShort((short) appId.length).put(appId).putLong(offset).array());
  }

  static Bytes line(String appId, long offset) {
    return line(appId.getBytes(StandardCharsets.UTF_8), offset);
  }

  /** The lowest key of the app's range. */
  static Bytes first(byte[] appId) {
    return line(appId, 0L);
  }

  /** The highest key of the app's range. */
  static Bytes last(byte[] appId) {
    return line(appId, Long.MAX_VALUE);
  }

  /** The offset a line key ends with. */
  static long offsetOf(Bytes key) {
    byte[] bytes = key.get();
    return ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
  }
}
