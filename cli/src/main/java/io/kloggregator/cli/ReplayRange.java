package io.kloggregator.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * Which of an app's lines to replay: those stamped in {@code [from, to)} (message time), or
 * those at partition offsets {@code [fromOffset, toOffset)}. Null/-1 ends are open (start or end
 * of the partition as it is when the replay starts). {@code skew} is how far past {@code to} the
 * reader keeps looking for lines stamped before {@code to} that Kafka stored late (record time
 * is message time, and two instances' lines may interleave out of order). Immutable.
 */
record ReplayRange(Instant from, Instant to, long fromOffset, long toOffset, Duration skew) {

  ReplayRange {
    boolean byTime = from != null || to != null;
    boolean byOffset = fromOffset >= 0 || toOffset >= 0;
    if (byTime && byOffset) {
      throw new IllegalArgumentException("give times (--from/--to) or offsets "
          + "(--from-offset/--to-offset), not both");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("--from must be before --to, was " + from + " .. " + to);
    }
    if (fromOffset >= 0 && toOffset >= 0 && fromOffset >= toOffset) {
      throw new IllegalArgumentException("--from-offset must be below --to-offset, was "
          + fromOffset + " .. " + toOffset);
    }
    if (skew.isNegative()) {
      throw new IllegalArgumentException("--max-skew must not be negative, was " + skew);
    }
  }

  /** Whether a line stamped {@code nanos} at {@code offset} belongs to the range. */
  boolean contains(long nanos, long offset) {
    if (fromOffset >= 0 && offset < fromOffset || toOffset >= 0 && offset >= toOffset) {
      return false;
    }
    return (from == null || nanos >= nanos(from)) && (to == null || nanos < nanos(to));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
