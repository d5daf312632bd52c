package io.kloggregator.router;

import io.kloggregator.schemas.LogPartitions;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RouterTopology#build} needs: how many lines to keep per app, the record time from
 * which lines are routed to drains (0 = all), how long the history store keeps every line, where
 * to report events, and the log topic's partitions (to find misplaced records; one partition
 * places every record, which is what a TopologyTestDriver's single partition needs).
 */
record RouterTopologyConfig(int retainedLines, long drainsSinceMillis, long historyRetentionMillis,
    RouterEvents events, LogPartitions logPartitions) {

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
    Objects.requireNonNull(logPartitions, "logPartitions");
  }

  RouterTopologyConfig(int retainedLines, long drainsSinceMillis, RouterEvents events) {
    this(retainedLines, drainsSinceMillis, DEFAULT_HISTORY_RETENTION_MILLIS, events,
        new LogPartitions(1));
  }

  RouterTopologyConfig(int retainedLines, RouterEvents events) {
    this(retainedLines, 0L, events);
  }
}
