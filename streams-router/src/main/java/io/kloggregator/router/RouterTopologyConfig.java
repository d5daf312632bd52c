package io.kloggregator.router;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RouterTopology#build} needs: how many lines to keep per app, the record time from
 * which lines are routed to drains (0 = all), how long the history store keeps every line, and
 * where to report events.
 */
record RouterTopologyConfig(int retainedLines, long drainsSinceMillis, long historyRetentionMillis,
    RouterEvents events) {

  static final long DEFAULT_HISTORY_RETENTION_MILLIS = Duration.ofDays(7).toMillis();
  static final long MIN_HISTORY_RETENTION_MILLIS = Duration.ofMinutes(1).toMillis();

  RouterTopologyConfig {
    if (retainedLines < 1) {
      throw new IllegalArgumentException("retainedLines must be >= 1, was " + retainedLines);
    }
    if (drainsSinceMillis < 0) {
      throw new IllegalArgumentException("drainsSinceMillis must be >= 0, was "
          + drainsSinceMillis);
    }
    if (historyRetentionMillis < MIN_HISTORY_RETENTION_MILLIS) {
      throw new IllegalArgumentException("historyRetentionMillis must be >= "
          + MIN_HISTORY_RETENTION_MILLIS + ", was " + historyRetentionMillis);
    }
    Objects.requireNonNull(events, "events");
  }

  RouterTopologyConfig(int retainedLines, long drainsSinceMillis, RouterEvents events) {
    this(retainedLines, drainsSinceMillis, DEFAULT_HISTORY_RETENTION_MILLIS, events);
  }

  RouterTopologyConfig(int retainedLines, RouterEvents events) {
    this(retainedLines, 0L, events);
  }
}
