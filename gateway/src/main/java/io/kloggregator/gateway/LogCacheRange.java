package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.LogMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the recent-lines store answers a Log Cache read, and answers it from there:
 * the newest lines of an app are the router's recent store (one reverse scan), older ranges its
 * history store. The recent lines answer when they reach back before the range's start (the
 * range lies inside them: a poll-tail's next read, a read of the last minutes), or, for a
 * descending read, when at least {@code limit} of them lie in the range (the newest lines: a
 * {@code cf logs --recent}). Otherwise the caller asks the history store. Lines are ordered by
 * timestamp, then by their order in the log. Stateless.
 */
final class LogCacheRange {

  private LogCacheRange() {
  }

  /**
   * The answer from {@code recent} (the app's newest lines, oldest first by offset) for lines
   * stamped in {@code [start, end)}: at most {@code limit}, oldest first or, descending, newest
   * first; empty when the recent lines cannot tell.
   */
  static Optional<List<LogMessage>> fromRecent(List<LogMessage> recent, long start, long end,
      int limit, boolean descending) {
    if (recent.isEmpty()) {
      return Optional.empty();
    }
    boolean reachesBack = recent.get(0).getTimestamp() < start;
    List<LogMessage> inRange = new ArrayList<>();
    for (LogMessage line : recent) {
      if (line.getTimestamp() >= start && line.getTimestamp() < end) {
        inRange.add(line);
      }
    }
    if (!reachesBack && !(descending && inRange.size() >= limit)) {
      return Optional.empty();
    }
    return Optional.of(ordered(inRange, limit, descending));
  }

  /** {@code lines} (in log order) sorted by timestamp, the first {@code limit} in read order. */
  static List<LogMessage> ordered(List<LogMessage> lines, int limit, boolean descending) {
    List<LogMessage> sorted = new ArrayList<>(lines);
    sorted.sort(Comparator.comparingLong(LogMessage::getTimestamp));
    if (descending) {
      List<LogMessage> newest = new ArrayList<>(sorted.subList(
          Math.max(0, sorted.size() - limit), sorted.size()));
      Collections.reverse(newest);
      return newest;
    }
    return sorted.size() > limit ? new ArrayList<>(sorted.subList(0, limit)) : sorted;
  }
}
