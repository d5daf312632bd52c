package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayRangeTest {

  private static final Duration SKEW = Duration.ofSeconds(5);

  @Test
  void timeRangeIncludesFromAndExcludesToToTheNanosecond() {
    Instant from = Instant.parse("2026-11-25T10:00:00.000000100Z");
    ReplayRange range = new ReplayRange(from, from.plusSeconds(1), -1, -1, SKEW);
    long start = from.getEpochSecond() * 1_000_000_000L + 100;

    assertThat(range.contains(start - 1, 0)).isFalse();
    assertThat(range.contains(start, 0)).isTrue();
    assertThat(range.contains(start + 999_999_999, 0)).isTrue();
    assertThat(range.contains(start + 1_000_000_000, 0)).isFalse();
  }

  @Test
  void offsetRangeIsHalfOpen() {
    ReplayRange range = new ReplayRange(null, null, 10, 20, SKEW);

    assertThat(range.contains(0, 9)).isFalse();
    assertThat(range.contains(0, 10)).isTrue();
    assertThat(range.contains(0, 19)).isTrue();
    assertThat(range.contains(0, 20)).isFalse();
  }

  @Test
  void rejectsMixedOrBackwardRanges() {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    assertThatThrownBy(() -> new ReplayRange(t, null, 5, -1, SKEW))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> new ReplayRange(t, t, -1, -1, SKEW))
        .hasMessageContaining("--from must be before --to");
    assertThatThrownBy(() -> new ReplayRange(null, null, 5, 5, SKEW))
        .hasMessageContaining("--from-offset must be below --to-offset");
  }
}
