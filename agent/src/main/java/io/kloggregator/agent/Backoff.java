package io.kloggregator.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: doubling from {@code min} up to {@code max}, each drawn uniformly from the
 * upper half of the current step so that many readers failing at once do not retry in step.
 * Immutable and thread-safe.
 */
record Backoff(Duration min, Duration max) {

  /** Delay in ms before attempt {@code failures + 1}, {@code failures >= 0}. */
  long delayMillis(int failures) {
    long step = min.toMillis() << Math.min(failures, 20);
    long capped = Math.max(1, Math.min(step, max.toMillis()));
    long half = capped / 2;
    return half + ThreadLocalRandom.current().nextLong(capped - half + 1);
  }
}
