package io.kloggregator.drain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff: try n (n >= 1) waits {@code min * 2^(n-1)}, capped at
 * {@code max}, times a random factor in [0.8, 1.2). Not thread-safe; owned by one drain.
 */
final class Backoff {

  private final long minMillis;
  private final long maxMillis;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration min, Duration max, RandomGenerator random) {
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** Records one more failure and returns how long to wait before the next try, >= 1 ms. */
  long nextDelayMillis() {
    failures = Math.min(failures + 1, 40);
    double base = Math.min((double) maxMillis, minMillis * Math.pow(2, failures - 1));
    double jittered = base * (0.8 + 0.4 * random.nextDouble());
    return Math.max(1, Math.min(maxMillis, Math.round(jittered)));
  }

  void reset() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}
