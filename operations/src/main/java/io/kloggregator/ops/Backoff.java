package io.kloggregator.ops;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with equal jitter, the one retry policy of every module (agent
 * redials, drain reconnects, the router's etcd resync, the CLI's tail reconnect). After the n-th
 * consecutive failure (n >= 1) the step is {@code first * 2^(n-1)}, capped at {@code cap}, and
 * the delay is drawn uniformly from the upper half of that step, {@code [ceil(step/2), step]}
 * ms, so the delay never exceeds the cap, never falls below half the first step, and clients
 * failing together do not retry together. {@link #reset} after a success starts over at
 * {@code first}. One instance per retrying thing; not thread-safe, confined to its owner's
 * thread.
 */
public final class Backoff {

  private final long firstMillis;
  private final long capMillis;
  private final RandomGenerator random;
  private long stepMillis;

  /** Draws its jitter from {@link ThreadLocalRandom}. */
  public Backoff(Duration first, Duration cap) {
    this(first, cap, ThreadLocalRandom.current());
  }

  /**
   * {@code first} is the step after one failure, {@code cap} the largest delay, with
   * {@code 0 < first <= cap}; both are truncated to whole milliseconds, at least 1.
   * {@code random} supplies the jitter (seed it in tests).
   */
  public Backoff(Duration first, Duration cap, RandomGenerator random) {
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < first <= cap, got first " + first + ", cap " + cap);
    }
    this.firstMillis = Math.max(1, first.toMillis());
    this.capMillis = Math.max(1, cap.toMillis());
    this.random = random;
  }

  /** Counts one more failure and returns how long to wait before the next try, in ms (>= 1). */
  public long nextDelayMillis() {
    if (stepMillis == 0) {
      stepMillis = firstMillis;
    } else {
      stepMillis = stepMillis > capMillis / 2 ? capMillis : stepMillis * 2;
    }
    long low = stepMillis - stepMillis / 2;
    return low + random.nextLong(stepMillis - low + 1);
  }

  /** Forgets the failures so far: the next delay is drawn from the first step again. */
  public void reset() {
    stepMillis = 0;
  }
}
