package io.kloggregator.drain;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offset of each assigned partition may be committed: the lowest offset dispatched but not
 * yet delivered to every drain it went to, or one past the highest dispatched when nothing is
 * pending, and never past a catch-up reader's hold. {@link #track}, {@link #committable} and
 * {@link #forget} run on the consumer thread;
 * {@link Partition#done} may run on any thread.
 */
final class CommitTracker {

  /** The pending offsets of one partition during one assignment. */
  static final class Partition {
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private final Map<Object, Long> holds = new ConcurrentHashMap<>();
    // Written by the consumer thread only.
    private long next = -1;
    private long committed = -1;

    void dispatched(long offset) {
      pending.add(offset);
      next = Math.max(next, offset + 1);
    }

    /** A line read by a catch-up reader: pending until delivered; leaves {@code next} alone. */
    void pendingOnly(long offset) {
      pending.add(offset);
    }

    /** A record the live consumer left to a catch-up reader (covered by its hold). */
    void skipped(long offset) {
      next = Math.max(next, offset + 1);
    }

    /** Keeps the commit at or below {@code offset} until released; any thread. */
    void hold(Object owner, long offset) {
      holds.put(owner, offset);
    }

    void release(Object owner) {
      holds.remove(owner);
    }

    /** Marks {@code offset} delivered everywhere. Idempotent. */
    void done(long offset) {
      pending.remove(offset);
    }

    long committable() {
      if (next < 0) {
        return -1;
      }
      long c = next;
      for (long h : holds.values()) {
        c = Math.min(c, h);
      }
      Long first = pending.isEmpty() ? null : pending.first();
      return first == null ? c : Math.min(first, c);
    }

    int pendingCount() {
      return pending.size();
    }
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  Partition track(TopicPartition tp) {
    return partitions.computeIfAbsent(tp, p -> new Partition());
  }

  /** Offsets that advanced since the last call, marked as committed. */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      long c = p.committable();
      if (c > p.committed) {
        out.put(tp, new OffsetAndMetadata(c));
        p.committed = c;
      }
    });
    return out;
  }

  /** Offsets of {@code tp} to commit when giving it up, or null. */
  OffsetAndMetadata forget(TopicPartition tp) {
    Partition p = partitions.remove(tp);
    if (p == null) {
      return null;
    }
    long c = p.committable();
    return c > p.committed ? new OffsetAndMetadata(c) : null;
  }

  long pending() {
    return partitions.values().stream().mapToLong(Partition::pendingCount).sum();
  }
}
