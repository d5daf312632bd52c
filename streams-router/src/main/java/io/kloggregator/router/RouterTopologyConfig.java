package io.kloggregator.router;

import java.util.Objects;

/**
 * What {@link RouterTopology#build} needs: how many lines to keep per app and where to report
 * events.
 */
record RouterTopologyConfig(int retainedLines, RouterEvents events) {

  RouterTopologyConfig {
    if (retainedLines < 1) {
      throw new IllegalArgumentException("retainedLines must be >= 1, was " + retainedLines);
    }
    Objects.requireNonNull(events, "events");
  }
}
