package io.kloggregator.local.faults;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What one receiver (Kafka, a tail, a dump) got of one app's numbered lines: which seqs, how
 * many twice, how many after a higher seq (out of order), and the order they came in (numbered
 * and other lines, as {@link SeqLine#OTHER}). Thread-safe.
 */
final class SeqLedger {

  private final BitSet seen = new BitSet();
  private long[] order = new long[1024];
  private int size;
  private long duplicates;
  private long outOfOrder;
  private long maxSeq;

  synchronized void record(long seq) {
    if (size == order.length) {
      order = Arrays.copyOf(order, size * 2);
    }
    order[size++] = seq;
    if (seq == SeqLine.OTHER) {
      return;
    }
    if (seen.get((int) seq)) {
      duplicates++;
      return;
    }
    seen.set((int) seq);
    if (seq < maxSeq) {
      outOfOrder++;
    }
    maxSeq = Math.max(maxSeq, seq);
  }

  /** Distinct numbered lines received. */
  synchronized long distinct() {
    return seen.cardinality();
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long outOfOrder() {
    return outOfOrder;
  }

  /** Highest seq received, 0 before any. */
  synchronized long maxSeq() {
    return maxSeq;
  }

  /** Numbered lines {@code reference} has that this ledger has not. */
  long missingOf(SeqLedger reference) {
    BitSet missing = reference.seenCopy();
    missing.andNot(seenCopy());
    return missing.cardinality();
  }

  /** Every line (numbered or not) received, in arrival order. */
  synchronized long[] order() {
    return Arrays.copyOf(order, size);
  }

  /**
   * The {@code n} lines received up to and including the first arrival of {@code seq}, in arrival
   * order (fewer when fewer came before it); null when {@code seq} has not arrived.
   */
  synchronized long[] windowEndingAt(long seq, int n) {
    for (int i = 0; i < size; i++) {
      if (order[i] == seq) {
        return Arrays.copyOfRange(order, Math.max(0, i + 1 - n), i + 1);
      }
    }
    return null;
  }

  /** The last {@code n} lines received, in arrival order. */
  synchronized long[] last(int n) {
    return Arrays.copyOfRange(order, Math.max(0, size - n), size);
  }

  private synchronized BitSet seenCopy() {
    return (BitSet) seen.clone();
  }
}
