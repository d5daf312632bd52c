package io.kloggregator.drain;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What to commit for each assigned partition. Each drain's progress in a partition is its own
 * ({@link DrainProgress}). The committed offset is the lowest position of the attached drains
 * (or one past the last record read when they have everything); a drain that falls behind past
 * the bound ({@link #fallBehind}) is detached: its position goes into the commit's metadata
 * ({@link ProgressMetadata}) and the offset no longer waits for it. It is attached again once it
 * no longer lags the others. The metadata also carries the head: one past the last offset this
 * owner may have dispatched, reserved before dispatching ({@link #reserve}), so the next owner
 * knows which lines it sends again. Everything runs on the consumer thread except what
 * {@link DrainProgress} allows on any thread.
 */
final class CommitTracker {

  /** The drains' progress in one partition during one assignment. */
  static final class Partition {
    private final Map<String, DrainProgress> drains = new ConcurrentHashMap<>();
    private long next = -1;
    private long committed = -1;
    private String committedMetadata = "";
    private long head = -1;
    private long againBelow = -1;

    /** The progress of drain {@code id} (short id) in this partition. */
    DrainProgress drain(String id) {
      return drains.computeIfAbsent(id, i -> new DrainProgress(i, againBelow));
    }

    /** Takes over what the previous owner committed: its offset and metadata. */
    void restore(long offset, ProgressMetadata previous) {
      next = offset;
      committed = offset;
      head = Math.max(offset, previous.head());
      againBelow = previous.head();
      previous.drains().forEach((id, p) -> drain(id).restore(p.position(), p.written()));
      committedMetadata = metadata().encode();
    }

    /** A record the live consumer read (dispatched, skipped or left to a catch-up reader). */
    void read(long offset) {
      next = Math.max(next, offset + 1);
    }

    /** True when dispatching up to {@code offset} needs a new head committed first. */
    boolean needsReserve(long offset) {
      return offset >= head;
    }

    /** Reserves dispatching up to {@code last}; {@code first} starts a partition not read yet. */
    void reserve(long first, long last) {
      if (next < 0) {
        next = first;
      }
      head = Math.max(head, last + 1);
    }

    /** The offset to commit: the lowest position of the attached drains, or -1 (nothing read). */
    long committable() {
      if (next < 0) {
        return -1;
      }
      long c = next;
      for (DrainProgress d : drains.values()) {
        if (!d.isDetached()) {
          c = Math.min(c, d.position(next));
        }
      }
      return Math.max(c, committed);
    }

    ProgressMetadata metadata() {
      Map<String, ProgressMetadata.Position> detached = new LinkedHashMap<>();
      drains.values().stream().filter(DrainProgress::isDetached).forEach(d -> detached.put(d.id(),
          new ProgressMetadata.Position(d.position(next), d.writtenHead())));
      return new ProgressMetadata(Math.max(head, next), detached);
    }

    /**
     * Detaches the attached drains whose oldest undelivered line was dispatched more than
     * {@code maxAgeNanos} ago or lies more than {@code maxLines} records behind the last one
     * read; attaches again the detached ones that lag no more; forgets finished ones. Returns how
     * many it detached.
     */
    int fallBehind(long nowNanos, long maxAgeNanos, long maxLines) {
      int detached = (int) drains.values().stream().filter(DrainProgress::isDetached).count();
      int fell = 0;
      for (DrainProgress d : drains.values()) {
        long oldest = d.oldestNanos();
        boolean behind = oldest >= 0 && nowNanos - oldest > maxAgeNanos
            || d.pendingCount() > 0 && next - d.position(next) > maxLines;
        if (!d.isDetached() && behind && detached < ProgressMetadata.MAX_DRAINS) {
          d.detach();
          detached++;
          fell++;
        }
      }
      long c = committable();
      drains.values().removeIf(d -> {
        if (d.isDetached() && !d.isHeld() && d.position(next) >= c) {
          d.attach();
        }
        return !d.isDetached() && !d.isHeld() && d.pendingCount() == 0 && !d.hasAlready(next);
      });
      return fell;
    }

    /** Detaches every drain with lines outstanding (a clean stop), so the offset can advance. */
    void detachAll() {
      drains.values().stream().filter(d -> d.pendingCount() > 0 || d.isHeld())
          .limit(ProgressMetadata.MAX_DRAINS).forEach(DrainProgress::detach);
    }

    int pendingCount() {
      return drains.values().stream().mapToInt(DrainProgress::pendingCount).sum();
    }

    /** The commit when the offset or the metadata changed since the last one, or null. */
    private OffsetAndMetadata toCommit() {
      long c = committable();
      if (c < 0) {
        return null;
      }
      String meta = metadata().encode();
      if (c == committed && meta.equals(committedMetadata)) {
        return null;
      }
      committed = c;
      committedMetadata = meta;
      return new OffsetAndMetadata(c, meta);
    }
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  Partition track(TopicPartition tp) {
    return partitions.computeIfAbsent(tp, p -> new Partition());
  }

  /** Positions that changed since the last call, marked as committed. */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      OffsetAndMetadata o = p.toCommit();
      if (o != null) {
        out.put(tp, o);
      }
    });
    return out;
  }

  /** Applies the fall-behind bound to every partition; returns how many drains it detached. */
  int fallBehind(long nowNanos, long maxAgeNanos, long maxLines) {
    return partitions.values().stream()
        .mapToInt(p -> p.fallBehind(nowNanos, maxAgeNanos, maxLines)).sum();
  }

  /** Drops every trace of drain {@code id} (unbound): it holds no partition any more. */
  void forgetDrain(String id) {
    partitions.values().forEach(p -> p.drains.remove(id));
  }

  void detachAll() {
    partitions.values().forEach(Partition::detachAll);
  }

  /** The commit of {@code tp} when giving it up, or null. */
  OffsetAndMetadata forget(TopicPartition tp) {
    Partition p = partitions.remove(tp);
    return p == null ? null : p.toCommit();
  }

  long pending() {
    return partitions.values().stream().mapToLong(Partition::pendingCount).sum();
  }
}
