package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void delaysDoubleWithJitterInTheUpperHalf() {
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delayMillis(0)).isBetween(50L, 100L);
      assertThat(backoff.delayMillis(3)).isBetween(400L, 800L);
    }
  }

  @Test
  void delaysNeverExceedTheCapEvenAfterManyFailures() {
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delayMillis(1_000)).isBetween(2_500L, 5_000L);
    }
  }
}
