package io.kloggregator.gateway;

import java.util.Arrays;

/**
 * A partition feed's replay ring: the latest lines' record bytes, copied into one array that is
 * allocated once, so keeping them costs the garbage collector nothing. (Kept as one object per
 * line, the ring was most of what every young collection had to copy: at 20,000 lines/s all of
 * it is younger than one collection.) Holds at most {@code maxLines} lines and
 * {@code capacityBytes} bytes, evicting the oldest first. Confined to one thread.
 */
final class ReplayRing {

  /** Receives a replayed line's record bytes. */
  interface Visitor {
    void line(long offset, byte[] raw);
  }

  private final byte[] arena;
  private final long[] offsets;
  private final int[] starts;
  private final int[] lengths;
  private final int[] appHashes;
  private int head;
  private int count;
  private int writeAt;
  private long start;

  /** An empty ring that covers offsets from {@code start} on. */
  ReplayRing(int maxLines, int capacityBytes, long start) {
    this.arena = new byte[capacityBytes];
    this.offsets = new long[maxLines];
    this.starts = new int[maxLines];
    this.lengths = new int[maxLines];
    this.appHashes = new int[maxLines];
    this.start = start;
  }

  /**
   * The smallest offset from which the ring has every line that was added; lines of this
   * partition that were never added (undecodable records) do not count as gaps.
   */
  long start() {
    return start;
  }

  int size() {
    return count;
  }

  /** Adds the line at {@code offset} (offsets must grow); the oldest lines make room. */
  void add(long offset, String appId, byte[] raw) {
    if (raw.length > arena.length / 4) {
      // Would push out most of the ring at once: the ring starts again after it.
      count = 0;
      head = 0;
      writeAt = 0;
      start = offset + 1;
      return;
    }
    if (count == offsets.length) {
      evictOldest();
    }
    if (writeAt + raw.length > arena.length) {
      // The arena's tail is too short: lines still there are the oldest; drop them and wrap.
      while (count > 0 && starts[head] >= writeAt) {
        evictOldest();
      }
      writeAt = 0;
    }
    while (count > 0 && starts[head] >= writeAt && starts[head] < writeAt + raw.length) {
      evictOldest();
    }
    int slot = (head + count) % offsets.length;
    System.arraycopy(raw, 0, arena, writeAt, raw.length);
    offsets[slot] = offset;
    starts[slot] = writeAt;
    lengths[slot] = raw.length;
    appHashes[slot] = appId.hashCode();
    writeAt += raw.length;
    if (count == 0) {
      start = Math.min(start, offset);
    }
    count++;
  }

  /**
   * Replays, oldest first, the lines from {@code from} on whose app id hashes like
   * {@code appId}'s (the visitor checks the app itself).
   */
  void replay(long from, String appId, Visitor visitor) {
    int hash = appId.hashCode();
    for (int i = 0; i < count; i++) {
      int slot = (head + i) % offsets.length;
      if (offsets[slot] >= from && appHashes[slot] == hash) {
        visitor.line(offsets[slot],
            Arrays.copyOfRange(arena, starts[slot], starts[slot] + lengths[slot]));
      }
    }
  }

  private void evictOldest() {
    long evicted = offsets[head];
    head = (head + 1) % offsets.length;
    count--;
    start = count > 0 ? offsets[head] : evicted + 1;
  }
}
