package io.kloggregator.local.faults;

import java.time.Duration;
import java.util.Locale;

/**
 * The figures of one fault scenario. Lines are counted per app instance by seq: {@code written}
 * by the apps, {@code acked} = distinct lines in Kafka; the tail figures are about the acked lines
 * (lost = acked but never delivered). Recovery times run from the fault; null = not within the
 * limit.
 */
record ScenarioResult(Fault fault, FaultSizes sizes, long written, long acked, long kafkaDuplicates,
    long kafkaOutOfOrder, long tailDelivered, long tailLost, long tailDuplicates,
    long tailOutOfOrder, long tailLossFrameLines, int tailReconnects, int dumpsChecked,
    int dumpsComplete, String dumpMismatch, Duration componentBack, Duration tailRecovered,
    Duration dumpRecovered) {

  static final String TABLE_HEADER = String.join("\n",
      "| scenario | apps, total rate | written by apps | acked by Kafka (dup / out of order) "
          + "| lost before Kafka | tail delivered | tail lost | tail dup | tail out of order "
          + "| gateway loss frames (lines) | tail reconnects | final dumps = Kafka's last lines "
          + "| component back | tail: first line written after the fault | dump complete again |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");

  /** Nothing acked was lost, repeated or reordered, and every final dump was complete. */
  boolean isClean() {
    return tailLost == 0 && tailDuplicates == 0 && tailOutOfOrder == 0 && kafkaDuplicates == 0
        && kafkaOutOfOrder == 0 && dumpsComplete == dumpsChecked && tailRecovered != null
        && dumpRecovered != null;
  }

  String markdownRow() {
    return String.format(Locale.ROOT,
        "| %s: %s | %d, %,d lines/s | %,d | %,d (%d / %d) | %,d | %,d | %d | %d | %d | %d | %d "
            + "| %d/%d%s | %s | %s | %s |",
        fault.name(), fault.description(), sizes.apps(), sizes.linesPerSecond(), written, acked,
        kafkaDuplicates, kafkaOutOfOrder, written - acked, tailDelivered, tailLost,
        tailDuplicates, tailOutOfOrder, tailLossFrameLines, tailReconnects, dumpsComplete,
        dumpsChecked, dumpMismatch.isEmpty() ? "" : " (" + dumpMismatch + ")",
        seconds(componentBack), seconds(tailRecovered), seconds(dumpRecovered));
  }

  @Override
  public String toString() {
    return markdownRow();
  }

  private static String seconds(Duration d) {
    return d == null ? "not recovered"
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
