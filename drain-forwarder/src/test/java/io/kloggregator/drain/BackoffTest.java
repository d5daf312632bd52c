package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysDoubleWithinTwentyPercentJitterUpToTheBound() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(7));

    assertThat(b.nextDelayMillis()).isBetween(80L, 120L);
    assertThat(b.nextDelayMillis()).isBetween(160L, 240L);
    assertThat(b.nextDelayMillis()).isBetween(320L, 480L);
    assertThat(b.nextDelayMillis()).isBetween(640L, 960L);
    for (int i = 0; i < 50; i++) {
      assertThat(b.nextDelayMillis()).isBetween(800L, 1000L);
    }
  }

  @Test
  void resetStartsOverFromTheMinimum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(1));
    for (int i = 0; i < 5; i++) {
      b.nextDelayMillis();
    }

    b.reset();

    assertThat(b.nextDelayMillis()).isBetween(80L, 120L);
  }
}
