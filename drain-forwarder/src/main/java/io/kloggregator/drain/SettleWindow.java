package io.kloggregator.drain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The batches a drain wrote and has not yet settled, oldest first. A batch settles once the
 * socket took it ({@link Batch#writtenAt} set) at least {@code settle} ago while the receiver kept
 * taking data: no later write has waited for the socket longer than half the settle time (a
 * receiver that stopped reading holds the taken lines in its socket buffer, not in its log).
 * Confined to the drain's context.
 */
final class SettleWindow {

  /** Lines written in one socket write; settled together. */
  static final class Batch {
    final List<PendingLine> lines;
    final long generation;
    final long queuedAt;
    long writtenAt;

    Batch(List<PendingLine> lines, long generation, long queuedAt) {
      this.lines = lines;
      this.generation = generation;
      this.queuedAt = queuedAt;
    }
  }

  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private final long settleNanos;

  SettleWindow(long settleNanos) {
    this.settleNanos = settleNanos;
  }

  void add(Batch batch) {
    batches.add(batch);
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  /** The oldest batch the socket has not taken yet, or null. */
  Batch firstUnconfirmed() {
    for (Batch b : batches) {
      if (b.writtenAt == 0) {
        return b;
      }
    }
    return null;
  }

  /** Removes and returns the batches that settled by {@code now}. */
  List<Batch> settle(long now) {
    Batch stuck = firstUnconfirmed();
    if (stuck != null && now - stuck.queuedAt >= settleNanos / 2) {
      return List.of();
    }
    List<Batch> settled = new ArrayList<>();
    Batch head;
    while ((head = batches.peek()) != null && head.writtenAt != 0
        && now - head.writtenAt >= settleNanos) {
      settled.add(batches.poll());
    }
    return settled;
  }

  /**
   * Puts every unsettled line back at the head of {@code queue}, in order; returns how many of
   * them the socket had taken (they will be duplicates if the receiver logged them), leaving out
   * lines marked {@code again}: writing those counts as a resend each time already.
   */
  int requeueInto(ArrayDeque<PendingLine> queue) {
    int resent = 0;
    Iterator<Batch> it = batches.descendingIterator();
    while (it.hasNext()) {
      Batch b = it.next();
      if (b.writtenAt != 0) {
        resent += (int) b.lines.stream().filter(l -> !l.again()).count();
      }
      for (int i = b.lines.size() - 1; i >= 0; i--) {
        queue.addFirst(b.lines.get(i));
      }
    }
    batches.clear();
    return resent;
  }
}
