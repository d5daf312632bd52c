package io.kloggregator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration FIRST = Duration.ofMillis(100);
  private static final Duration CAP = Duration.ofSeconds(1);

  @Test
  void firstDelayIsInTheUpperHalfOfTheFirstStep() {
    for (int seed = 0; seed < 200; seed++) {
      Backoff backoff = new Backoff(FIRST, CAP, new Random(seed));

      assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
    }
  }

  @Test
  void stepsDoubleUntilTheCapAndStayThere() {
    for (int seed = 0; seed < 200; seed++) {
      Backoff backoff = new Backoff(FIRST, CAP, new Random(seed));

      assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
      assertThat(backoff.nextDelayMillis()).isBetween(100L, 200L);
      assertThat(backoff.nextDelayMillis()).isBetween(200L, 400L);
      assertThat(backoff.nextDelayMillis()).isBetween(400L, 800L);
      for (int i = 0; i < 100; i++) {
        assertThat(backoff.nextDelayMillis()).isBetween(500L, 1_000L);
      }
    }
  }

  @Test
  void jitterCoversTheWholeUpperHalfOfTheStep() {
    Backoff backoff = new Backoff(Duration.ofMillis(4), Duration.ofMillis(4), new Random(3));
    Set<Long> seen = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      seen.add(backoff.nextDelayMillis());
    }

    assertThat(seen).containsExactlyInAnyOrder(2L, 3L, 4L);
  }

  @Test
  void resetStartsOverFromTheFirstStep() {
    Backoff backoff = new Backoff(FIRST, Duration.ofSeconds(10), new Random(1));
    for (int i = 0; i < 6; i++) {
      backoff.nextDelayMillis();
    }

    backoff.reset();

    assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
    assertThat(backoff.nextDelayMillis()).isBetween(100L, 200L);
  }

  @Test
  void aOneMillisecondStepNeverWaitsZero() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), new Random(5));

    for (int i = 0; i < 50; i++) {
      assertThat(backoff.nextDelayMillis()).isEqualTo(1L);
    }
  }

  @Test
  void manyFailuresWithAHugeCapDoNotOverflow() {
    Backoff backoff = new Backoff(FIRST, Duration.ofMillis(Long.MAX_VALUE), new Random(9));

    for (int i = 0; i < 200; i++) {
      assertThat(backoff.nextDelayMillis()).isPositive();
    }
  }

  @Test
  void aSubMillisecondFirstStepWaitsOneMillisecond() {
    Backoff backoff = new Backoff(Duration.ofNanos(500_000), Duration.ofNanos(500_000),
        new Random(2));

    assertThat(backoff.nextDelayMillis()).isEqualTo(1L);
  }

  @Test
  void zeroFirstStepIsRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < first <= cap");
  }

  @Test
  void capBelowFirstIsRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < first <= cap");
  }
}
