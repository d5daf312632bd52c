package io.kloggregator.agent;

import io.kloggregator.schemas.MessageLimits;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on LF, dropping a CR just before the LF. Empty lines are
 * skipped, as the original emitter did. A line longer than the maximum is cut by
 * {@link MessageLimits#truncate(byte[], int, int, int)} (never inside a UTF-8 sequence, marked
 * {@code TRUNCATED}), handed on at once, and the rest of it up to the next LF is discarded. Bytes
 * are passed through unchanged, valid UTF-8 or not. Not thread-safe: one
 * per stream, used by the thread that reads that stream.
 */
final class LineSplitter {

  /** Receives each line; {@code bytes} is only valid during the call. */
  interface Sink {
    void line(byte[] bytes, int offset, int length, boolean cut);
  }

  private static final int INITIAL_BYTES = 256;
  // Thousands of idle streams must not each hold a buffer grown by one long line.
  private static final int KEEP_BYTES = 8192;

  private final int maxLineBytes;
  private final Sink sink;
  // Bytes of the line not yet ended; length is pendingLength.
  private byte[] pending = new byte[INITIAL_BYTES];
  private int pendingLength;
  // True after a cut, until the LF that ends the cut line.
  private boolean discarding;

  LineSplitter(int maxLineBytes, Sink sink) {
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
  }

  /** Consumes {@code buf[offset, offset + length)}. */
  void feed(byte[] buf, int offset, int length) {
    int end = offset + length;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (buf[i] == '\n') {
        endLine(buf, start, i);
        start = i + 1;
      }
    }
    if (start < end) {
      append(buf, start, end);
    }
  }

  /** Hands on the partial last line, as at the end of the stream. */
  void flush() {
    if (!discarding && pendingLength > 0) {
      emit(pending, 0, pendingLength);
    }
    reset();
    discarding = false;
  }

  private void endLine(byte[] buf, int start, int lf) {
    if (discarding) {
      discarding = false;
      reset();
      return;
    }
    if (pendingLength == 0) {
      if (lf - start > maxLineBytes) {
        cut(buf, start, lf - start);
        discarding = false;
      } else {
        emit(buf, start, lf - start);
      }
      return;
    }
    append(buf, start, lf);
    if (discarding) {
      discarding = false;
      reset();
      return;
    }
    emit(pending, 0, pendingLength);
    reset();
  }

  private void append(byte[] buf, int start, int end) {
    if (discarding) {
      return;
    }
    int length = end - start;
    if (pendingLength + length > maxLineBytes) {
      int take = maxLineBytes - pendingLength;
      ensureCapacity(maxLineBytes + 1);
      System.arraycopy(buf, start, pending, pendingLength, take + 1);
      pendingLength = maxLineBytes + 1;
      cut(pending, 0, pendingLength);
      reset();
      discarding = true;
      return;
    }
    ensureCapacity(pendingLength + length);
    System.arraycopy(buf, start, pending, pendingLength, length);
    pendingLength += length;
  }

  /** Emits an over-long line cut to the maximum by the one truncation rule. */
  private void cut(byte[] buf, int offset, int length) {
    byte[] line = MessageLimits.truncate(buf, offset, length, maxLineBytes);
    sink.line(line, 0, line.length, true);
  }

  private void emit(byte[] buf, int offset, int length) {
    if (length > 0 && buf[offset + length - 1] == '\r') {
      length--;
    }
    if (length > 0) {
      sink.line(buf, offset, length, false);
    }
  }

  /** Forgets the pending line; a buffer grown by a long line is given back. */
  private void reset() {
    pendingLength = 0;
    if (pending.length > KEEP_BYTES) {
      pending = new byte[INITIAL_BYTES];
    }
  }

  private void ensureCapacity(int needed) {
    if (pending.length < needed) {
      pending = Arrays.copyOf(pending, Math.max(needed, Math.min(pending.length * 2,
          maxLineBytes + 1)));
    }
  }
}
