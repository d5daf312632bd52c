package io.kloggregator.drain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a partition's committed offset carries in its metadata string, so that whoever owns the
 * partition next (after a restart or a rebalance) knows what this owner did: {@code head}, one
 * past the last offset it may have dispatched (lines between the committed offset and the head
 * are counted as resent when delivered again), and the position of each detached drain, by
 * short id: it had every line of the partition before {@code position}, and lines before
 * {@code written} may have reached its socket. Text, {@code v1 h=HEAD ID=POSITION:WRITTEN...};
 * at most {@link #MAX_DRAINS} drains, which keeps it under Kafka's default
 * {@code offset.metadata.max.bytes} (4,096). Immutable.
 */
record ProgressMetadata(long head, Map<String, Position> drains) {

  /** Detached drains one partition's metadata holds (43 bytes each while offsets < 10^14). */
  static final int MAX_DRAINS = 80;
  static final ProgressMetadata NONE = new ProgressMetadata(-1, Map.of());
  private static final String VERSION = "v1";

  /** A detached drain's own position. */
  record Position(long position, long written) {
  }

  ProgressMetadata {
    drains = Map.copyOf(drains);
  }

  String encode() {
    StringBuilder b = new StringBuilder(VERSION).append(" h=").append(head);
    drains.forEach((id, p) -> b.append(' ').append(id).append('=').append(p.position())
        .append(':').append(p.written()));
    return b.toString();
  }

  /** Parses {@link #encode}'s text; anything else (another writer, empty) is {@link #NONE}. */
  static ProgressMetadata decode(String text) {
    if (text == null || !text.startsWith(VERSION + " h=")) {
      return NONE;
    }
    String[] parts = text.split(" ");
    try {
      long head = Long.parseLong(parts[1].substring(2));
      Map<String, Position> drains = new LinkedHashMap<>();
      for (int i = 2; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        int colon = parts[i].indexOf(':', eq);
        if (eq <= 0 || colon < 0) {
          return NONE;
        }
        drains.put(parts[i].substring(0, eq), new Position(
            Long.parseLong(parts[i].substring(eq + 1, colon)),
            Long.parseLong(parts[i].substring(colon + 1))));
      }
      return new ProgressMetadata(head, drains);
    } catch (NumberFormatException e) {
      return NONE;
    }
  }
}
