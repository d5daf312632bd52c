package io.kloggregator.router;

import java.nio.ByteBuffer;

/**
 * Per-app bookkeeping beside the recent lines: how many lines are kept, and the oldest and newest
 * offsets among them. Lets the processor trim without counting and skip the replay check for a
 * record newer than any kept. Encoded as {@code [i32 count][i64 oldest][i64 newest]}.
 */
record AppIndex(int count, long oldest, long newest) {

  static final AppIndex EMPTY = new AppIndex(0, Long.MAX_VALUE, -1L);

  static AppIndex decode(byte[] bytes) {
    if (bytes == null || bytes.length != 20) {
      return EMPTY;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    return new AppIndex(buf.getInt(), buf.getLong(), buf.getLong());
  }

  byte[] encode() {
    return ByteBuffer.allocate(20).putInt(count).putLong(oldest).putLong(newest).array();
  }
}
