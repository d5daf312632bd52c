package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.EnvelopeBatch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchWindowTest {

  private static final long MS = 1_000_000L;

  private static byte[] envelope(String id) {
    return Envelope.newBuilder().setSourceId(id).build().toByteArray();
  }

  @Test
  void aBatchIsDueWhenFull() {
    BatchWindow window = new BatchWindow(3, Duration.ofMillis(100));

    assertThat(window.add(envelope("a"), 0)).isFalse();
    assertThat(window.add(envelope("b"), 1)).isFalse();
    assertThat(window.isDue(2)).isFalse();
    assertThat(window.add(envelope("c"), 2)).isTrue();

    assertThat(window.isDue(2)).isTrue();
    assertThat(window.nanosUntilDue(2)).isZero();
  }

  @Test
  void aBatchIsDueWhenItsFirstEnvelopeHasWaitedTheFlushInterval() {
    BatchWindow window = new BatchWindow(100, Duration.ofMillis(100));
    long start = 5_000 * MS;

    window.add(envelope("a"), start);
    window.add(envelope("b"), start + 60 * MS);

    assertThat(window.isDue(start + 99 * MS)).isFalse();
    assertThat(window.nanosUntilDue(start + 60 * MS)).isEqualTo(40 * MS);
    assertThat(window.isDue(start + 100 * MS)).isTrue();
  }

  @Test
  void anEmptyWindowIsNeverDue() {
    BatchWindow window = new BatchWindow(1, Duration.ofMillis(1));

    assertThat(window.isDue(Long.MAX_VALUE)).isFalse();
    assertThat(window.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void takeGivesOneEnvelopeBatchInOrderAndStartsOver() throws Exception {
    BatchWindow window = new BatchWindow(10, Duration.ofMillis(100));
    window.add(envelope("a"), 0);
    window.add(envelope("b"), 0);

    BatchWindow.Batch batch = window.take();

    assertThat(batch.lines()).isEqualTo(2);
    assertThat(EnvelopeBatch.parseFrom(batch.message()).getBatchList())
        .extracting(Envelope::getSourceId).containsExactly("a", "b");
    assertThat(window.isEmpty()).isTrue();
    window.add(envelope("c"), 500 * MS);
    assertThat(window.isDue(550 * MS)).as("the interval restarts with the next batch").isFalse();
  }

  @Test
  void aBatchStopsAtFourMebibytes() {
    BatchWindow window = new BatchWindow(100_000, Duration.ofMillis(100));
    byte[] big = new byte[64 * 1024];

    int added = 1;
    while (!window.add(big, 0)) {
      added++;
    }

    assertThat(added).isEqualTo(64);
    assertThat(window.take().message().length).isGreaterThanOrEqualTo(BatchWindow.MAX_BATCH_BYTES);
  }
}
