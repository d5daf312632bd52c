package io.kloggregator.local.faults;

import java.util.Locale;

/**
 * The figures of one {@link ClusterFault} run. Lines are counted per app by seq: {@code written}
 * by the apps, {@code acked} = distinct lines in Kafka, the tail figures about the acked lines
 * (lost = acked, never delivered). Stalls are the longest time, while the fault lasted, that
 * Kafka's acknowledged lines, any app's tail, the busiest app's dump, or the drain did not move.
 */
record ClusterScenarioResult(ClusterFault fault, FaultSizes sizes, long written, long acked,
    long kafkaDuplicates, long kafkaOutOfOrder, long tailDelivered, long tailLost,
    long tailDuplicates, long tailOutOfOrder, Drain drain, int dumpsChecked, int dumpsComplete,
    long faultMillis, long kafkaStallMillis, long tailStallMillis, long dumpStallMillis,
    long drainStallMillis) {

  /** What the drain bound to every app got of the acked lines (lost = acked, never drained). */
  record Drain(long delivered, long lost, long duplicates, long outOfOrder) {
  }

  static final String TABLE_HEADER = String.join("\n",
      "| scenario | apps, total rate | written by apps | acked by Kafka (dup / out of order) "
          + "| lost before Kafka | tail delivered | tail lost | tail dup | tail out of order "
          + "| drain delivered | drain lost | drain dup | drain out of order "
          + "| final dumps = Kafka's last lines | fault until in sync | longest stall: Kafka "
          + "/ tail / dump / drain |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");

  String markdownRow() {
    return String.format(Locale.ROOT,
        "| %s: %s | %d, %,d lines/s | %,d | %,d (%d / %d) | %,d | %,d | %d | %d | %d "
            + "| %,d | %d | %d | %d | %d/%d | %.1f s | %.1f / %.1f / %.1f / %.1f s |",
        fault.name(), fault.description(), sizes.apps(), sizes.linesPerSecond(), written, acked,
        kafkaDuplicates, kafkaOutOfOrder, written - acked, tailDelivered, tailLost,
        tailDuplicates, tailOutOfOrder, drain.delivered(), drain.lost(), drain.duplicates(),
        drain.outOfOrder(), dumpsComplete, dumpsChecked, faultMillis / 1000.0,
        kafkaStallMillis / 1000.0, tailStallMillis / 1000.0, dumpStallMillis / 1000.0,
        drainStallMillis / 1000.0);
  }

  @Override
  public String toString() {
    return markdownRow();
  }
}
