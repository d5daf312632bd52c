package io.kloggregator.drain;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * What one drain received of one app's numbered lines ("prefix-000000".., as
 * {@link NumberedLoad} writes them), in arrival order: how many arrived, distinct, repeated,
 * out of order (a first arrival numbered below one that arrived before it), and the span
 * {@code [first, last]} of numbers seen with the numbers missing inside it ({@code gaps}).
 *
 * @param accepted lines of the app the broker accepted (numbers 0..accepted-1)
 * @param received messages of this app at this drain, duplicates included
 * @param distinct distinct numbers received
 * @param first lowest number received, -1 when none
 * @param last highest number received, -1 when none
 * @param gaps numbers in {@code [first, last]} that never arrived
 * @param outOfOrder first arrivals numbered below an earlier first arrival
 * @param beyond numbers received that were never accepted (must be 0)
 * @param missing accepted numbers that never arrived (loss, for a binding that held throughout)
 */
record DeliveryTally(int accepted, int received, int distinct, int first, int last, int gaps,
    int outOfOrder, int beyond, int missing) {

  /** Tallies the messages in {@code messages} that start with {@code prefix + "-"}. */
  static DeliveryTally of(String prefix, int accepted, List<String> messages) {
    String head = prefix + "-";
    BitSet seen = new BitSet();
    int received = 0;
    int outOfOrder = 0;
    int beyond = 0;
    int max = -1;
    int min = Integer.MAX_VALUE;
    for (String m : messages) {
      if (!m.startsWith(head)) {
        continue;
      }
      int n = Integer.parseInt(m.substring(head.length()));
      received++;
      if (n >= accepted) {
        beyond++;
      }
      if (seen.get(n)) {
        continue;
      }
      seen.set(n);
      if (n < max) {
        outOfOrder++;
      }
      max = Math.max(max, n);
      min = Math.min(min, n);
    }
    int distinct = seen.cardinality();
    int first = distinct == 0 ? -1 : min;
    int gaps = distinct == 0 ? 0 : max - min + 1 - distinct;
    int missing = accepted == Integer.MAX_VALUE ? 0
        : accepted - seen.get(0, accepted).cardinality();
    return new DeliveryTally(accepted, received, distinct, first, max, gaps, outOfOrder, beyond,
        missing);
  }

  int duplicates() {
    return received - distinct;
  }

  /** Every accepted line arrived. */
  boolean complete() {
    return first == 0 && last == accepted - 1 && gaps == 0;
  }

  /** Lines 0..last arrived without a hole (a binding that was removed). */
  boolean prefix() {
    return distinct > 0 && first == 0 && gaps == 0 && beyond == 0;
  }

  /** Lines first..accepted-1 arrived without a hole (a binding that was added). */
  boolean suffix() {
    return distinct > 0 && last == accepted - 1 && gaps == 0;
  }

  /** One Markdown table cell group: received, distinct, span, gaps, duplicates, out of order. */
  String cells() {
    return String.format(Locale.ROOT, "%,d | %,d | %s | %,d | %,d | %,d", received, distinct,
        distinct == 0 ? "-" : String.format(Locale.ROOT, "%,d..%,d", first, last), gaps,
        duplicates(), outOfOrder);
  }
}
