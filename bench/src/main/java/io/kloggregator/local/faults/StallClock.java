package io.kloggregator.local.faults;

import java.util.function.LongSupplier;

/**
 * The longest time a counter stood still, sampled: what "degraded" means for a stage (Kafka's
 * acknowledged lines, a tail's newest line, a dump's newest line). {@link #sample} is called from
 * one thread; {@link #longestMillis} from any.
 */
final class StallClock {

  private final LongSupplier counter;
  private long last = Long.MIN_VALUE;
  private long lastMoveNanos = System.nanoTime();
  private volatile long longestNanos;

  StallClock(LongSupplier counter) {
    this.counter = counter;
  }

  void sample() {
    long now = System.nanoTime();
    long value = counter.getAsLong();
    if (value != last) {
      last = value;
      lastMoveNanos = now;
    }
    longestNanos = Math.max(longestNanos, now - lastMoveNanos);
  }

  long longestMillis() {
    return longestNanos / 1_000_000;
  }
}
