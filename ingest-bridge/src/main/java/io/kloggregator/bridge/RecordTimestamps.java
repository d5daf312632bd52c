package io.kloggregator.bridge;

import java.time.Clock;
import java.time.Duration;

/**
 * The Kafka record timestamp of a line: its {@code LogMessage} time in milliseconds, or none (the
 * producer then stamps it with the send time) when that time is not positive or lies more than
 * {@link #MAX_AHEAD} ahead of this bridge's clock. Kafka refuses records too far in the future
 * ({@code log.message.timestamp.after.max.ms}, one hour by default since Kafka 4.0) and fails
 * every other record of their batch with them, so one line from a host whose clock is off would
 * take its neighbours down. Thread-safe.
 */
final class RecordTimestamps {

  static final Duration MAX_AHEAD = Duration.ofMinutes(10);

  private final Clock clock;

  RecordTimestamps(Clock clock) {
    this.clock = clock;
  }

  /** The record timestamp in ms for a line stamped {@code timestampNanos}, or null. */
  Long of(long timestampNanos) {
    long millis = timestampNanos / 1_000_000;
    return millis > 0 && millis <= clock.millis() + MAX_AHEAD.toMillis() ? millis : null;
  }
}
