package io.kloggregator.agent;

import com.google.protobuf.CodedOutputStream;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The envelopes of the next {@code EnvelopeBatch} to one endpoint, and when it is due: when it
 * holds {@code maxEnvelopes} (or {@link #MAX_BATCH_BYTES}), or when its first envelope has waited
 * {@code flushInterval}, whichever comes first (Cloud Foundry's agents: 100 envelopes or 100 ms).
 * Time is the caller's monotonic nanoseconds, so tests step it. Confined to its lane's sender
 * thread.
 */
final class BatchWindow {

  /** A batch stays well under the bridge's 10 MiB gRPC message limit. */
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /** One encoded {@code EnvelopeBatch} and the number of envelopes in it. */
  record Batch(byte[] message, int lines) {
  }

  private final int maxEnvelopes;
  private final long flushNanos;
  private final List<byte[]> envelopes = new ArrayList<>();
  private int bytes;
  private long firstAt;

  BatchWindow(int maxEnvelopes, Duration flushInterval) {
    if (maxEnvelopes < 1 || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("a batch needs >= 1 envelope and a flush interval > 0, "
          + "got " + maxEnvelopes + " and " + flushInterval);
    }
    this.maxEnvelopes = maxEnvelopes;
    this.flushNanos = flushInterval.toNanos();
  }

  /** Adds one encoded {@code Envelope} at {@code nowNanos}; true when the batch is now full. */
  boolean add(byte[] envelope, long nowNanos) {
    if (envelopes.isEmpty()) {
      firstAt = nowNanos;
    }
    envelopes.add(envelope);
    bytes += CodedOutputStream.computeByteArraySize(EnvelopeBatch.BATCH_FIELD_NUMBER, envelope);
    return isFull();
  }

  boolean isEmpty() {
    return envelopes.isEmpty();
  }

  /** True when the batch is full or its first envelope has waited the flush interval. */
  boolean isDue(long nowNanos) {
    return !envelopes.isEmpty() && (isFull() || nowNanos - firstAt >= flushNanos);
  }

  /** How long until {@link #isDue}: 0 when due, {@link Long#MAX_VALUE} when empty. */
  long nanosUntilDue(long nowNanos) {
    if (envelopes.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return isFull() ? 0 : Math.max(0, firstAt + flushNanos - nowNanos);
  }

  /** The batch so far as one {@code EnvelopeBatch} message; the window is empty afterwards. */
  Batch take() {
    byte[] message = new byte[bytes];
    CodedOutputStream out = CodedOutputStream.newInstance(message);
    try {
      for (byte[] envelope : envelopes) {
        out.writeByteArray(EnvelopeBatch.BATCH_FIELD_NUMBER, envelope);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("a batch outgrew its computed size", e);
    }
    Batch batch = new Batch(message, envelopes.size());
    envelopes.clear();
    bytes = 0;
    return batch;
  }

  private boolean isFull() {
    return envelopes.size() >= maxEnvelopes || bytes >= MAX_BATCH_BYTES;
  }
}
