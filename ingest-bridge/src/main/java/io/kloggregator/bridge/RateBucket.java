package io.kloggregator.bridge;

/**
 * Token bucket of one app's line rate: {@code linesPerSecond} tokens a second, at most one second
 * of burst. Not thread-safe: owned by {@link LineBuffer}'s lock.
 */
final class RateBucket {

  private static final long SECOND = 1_000_000_000L;

  private final long linesPerSecond;
  private double tokens;
  private long lastNanos;

  RateBucket(long linesPerSecond, long nowNanos) {
    this.linesPerSecond = linesPerSecond;
    this.tokens = linesPerSecond;
    this.lastNanos = nowNanos;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(linesPerSecond, tokens + (double) elapsed * linesPerSecond / SECOND);
      lastNanos = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** True when the bucket has been full for a while, so forgetting it changes nothing. */
  boolean isIdle(long nowNanos) {
    return nowNanos - lastNanos > SECOND;
  }
}
