package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RecordTimestampsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final RecordTimestamps timestamps =
      new RecordTimestamps(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aLineKeepsItsOwnTimeUpToTenMinutesAhead() {
    long ahead = NOW.plus(RecordTimestamps.MAX_AHEAD).toEpochMilli();

    assertThat(timestamps.of(NOW.toEpochMilli() * 1_000_000 + 999_999))
        .isEqualTo(NOW.toEpochMilli());
    assertThat(timestamps.of(ahead * 1_000_000)).isEqualTo(ahead);
    assertThat(timestamps.of(1_000_000)).isEqualTo(1);
  }

  @Test
  void aLineFurtherAheadOrNotPositiveIsLeftToKafka() {
    long tooFar = NOW.plus(RecordTimestamps.MAX_AHEAD).toEpochMilli() + 1;

    assertThat(timestamps.of(tooFar * 1_000_000)).isNull();
    assertThat(timestamps.of(Long.MAX_VALUE)).isNull();
    assertThat(timestamps.of(0)).isNull();
    assertThat(timestamps.of(999_999)).isNull();
    assertThat(timestamps.of(Long.MIN_VALUE)).isNull();
  }
}
