package io.kloggregator.drain;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One drain's progress in one partition: the offsets of its lines dispatched and not yet
 * delivered (with when they were dispatched), a catch-up reader's hold, and whether the drain
 * is detached: fallen behind past the bound, so its own position is kept in the commit's
 * metadata ({@link ProgressMetadata}) and the partition's commit no longer waits for it.
 * {@link #dispatched}, {@link #done}, {@link #written} and the hold may run on any thread; the
 * rest runs on the consumer thread.
 */
final class DrainProgress {

  private final String id;
  /** Undelivered offsets → System.nanoTime() at dispatch. */
  private final ConcurrentSkipListMap<Long, Long> pending = new ConcurrentSkipListMap<>();
  /** {@code pending.size()}, which a skip list counts by walking it. */
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong writtenHead = new AtomicLong(-1);
  private volatile long hold = -1;
  // Consumer thread only.
  private boolean detached;
  private long skipBelow = -1;
  private long againBelow;

  DrainProgress(String id, long againBelow) {
    this.id = id;
    this.againBelow = againBelow;
  }

  /** The drain's short id (first 12 hex digits of SHA-1 of its URL). */
  String id() {
    return id;
  }

  /** Restores a detached position: the drain had everything before {@code position}. */
  void restore(long position, long written) {
    detached = true;
    skipBelow = position;
    againBelow = Math.max(position, written);
    writtenHead.accumulateAndGet(written, Math::max);
  }

  void dispatched(long offset, long nanos) {
    if (pending.put(offset, nanos) == null) {
      pendingCount.incrementAndGet();
    }
  }

  /** Marks {@code offset} delivered (or discarded). Idempotent. */
  void done(long offset) {
    if (pending.remove(offset) != null) {
      pendingCount.decrementAndGet();
    }
  }

  /** Notes that the line at {@code offset} reached a socket. */
  void written(long offset) {
    writtenHead.accumulateAndGet(offset + 1, Math::max);
  }

  /** Keeps this drain's position at or below {@code offset} (a catch-up reader's read position). */
  void hold(long offset) {
    hold = offset;
  }

  void release() {
    hold = -1;
  }

  boolean isHeld() {
    return hold >= 0;
  }

  /** True when the live consumer must not deliver {@code offset}: the drain already had it. */
  boolean hasAlready(long offset) {
    return offset < skipBelow;
  }

  /** True when the line at {@code offset} may have reached this drain before (a resend). */
  boolean isAgain(long offset) {
    return offset < againBelow;
  }

  /** The lowest offset not delivered to this drain, or {@code head} when it has everything. */
  long position(long head) {
    long p = Math.max(head, skipBelow);
    Map.Entry<Long, Long> first = pending.firstEntry();
    if (first != null) {
      p = Math.min(p, first.getKey());
    }
    long h = hold;
    return h >= 0 ? Math.min(p, h) : p;
  }

  /** One past the highest offset written to a socket, or -1. */
  long writtenHead() {
    return writtenHead.get();
  }

  /** Dispatch time of the oldest undelivered line, or -1 when none is pending. */
  long oldestNanos() {
    Map.Entry<Long, Long> first = pending.firstEntry();
    return first == null ? -1 : first.getValue();
  }

  int pendingCount() {
    return pendingCount.get();
  }

  boolean isDetached() {
    return detached;
  }

  void detach() {
    detached = true;
  }

  void attach() {
    detached = false;
  }
}
