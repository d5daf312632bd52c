package io.kloggregator.router;

import java.util.Objects;

/**
 * What {@link RouterTopology#build} needs: how many lines to keep per app, the record time from
 * which lines are routed to drains (0 = all), and where to report events.
 */
record RouterTopologyConfig(int retainedLines, long drainsSinceMillis, RouterEvents events) {

  RouterTopologyConfig {
    if (retainedLines < 1) {
      throw new IllegalArgumentException("retainedLines must be >= 1, was " + retainedLines);
    }
    if (drainsSinceMillis < 0) {
      throw new IllegalArgumentException("drainsSinceMillis must be >= 0, was "
          + drainsSinceMillis);
    }
    Objects.requireNonNull(events, "events");
  }

  RouterTopologyConfig(int retainedLines, RouterEvents events) {
    this(retainedLines, 0L, events);
  }
}
