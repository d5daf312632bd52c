package io.kloggregator.ops;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs at most one line per interval for a repeating data-path event (a bad datagram, a failed
 * drain write) and says how many were suppressed in between. Thread-safe and lock-free.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedLog(Logger log, java.time.Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Warns with {@code format} and {@code args} unless a line was logged within the interval. */
  public void warn(String format, Object... args) {
    long now = nanoClock.getAsLong();
    long allowed = nextAllowed.get();
    if ((allowed != Long.MIN_VALUE && now - allowed < 0)
        || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped > 0) {
      log.warn(format + " ({} similar suppressed)", append(args, skipped));
    } else {
      log.warn(format, args);
    }
  }

  private static Object[] append(Object[] args, long value) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = value;
    return out;
  }
}
