package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.proto.LogMessage;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettleWindowTest {

  private static final long SETTLE = 1_000;

  private static PendingLine line(long offset) {
    return new PendingLine(new CommitTracker.Partition(), new DrainProgress("d", -1), offset,
        LogMessage.getDefaultInstance(), false);
  }

  private static SettleWindow.Batch batch(long queuedAt, long writtenAt, long... offsets) {
    List<PendingLine> lines =
        java.util.Arrays.stream(offsets).mapToObj(SettleWindowTest::line).toList();
    SettleWindow.Batch b = new SettleWindow.Batch(lines, 1, queuedAt);
    b.writtenAt = writtenAt;
    return b;
  }

  @Test
  void aBatchSettlesOnceTakenForTheSettleTime() {
    SettleWindow w = new SettleWindow(SETTLE);
    w.add(batch(10, 20, 1, 2));
    w.add(batch(30, 600, 3));

    assertThat(w.settle(1_019)).isEmpty();
    assertThat(w.settle(1_020)).hasSize(1);
    assertThat(w.settle(1_600)).hasSize(1);
    assertThat(w.isEmpty()).isTrue();
  }

  @Test
  void nothingSettlesWhileALaterWriteWaitsForTheSocket() {
    SettleWindow w = new SettleWindow(SETTLE);
    w.add(batch(10, 20, 1));
    w.add(batch(100, 0, 2));

    assertThat(w.settle(2_000)).isEmpty();
    assertThat(w.firstUnconfirmed().queuedAt).isEqualTo(100);
  }

  @Test
  void requeuePutsUnsettledLinesBackInOrderAndCountsTheTakenOnes() {
    SettleWindow w = new SettleWindow(SETTLE);
    w.add(batch(10, 20, 1, 2));
    w.add(batch(30, 0, 3));
    ArrayDeque<PendingLine> queue = new ArrayDeque<>(List.of(line(4)));

    int resent = w.requeueInto(queue);

    assertThat(resent).isEqualTo(2);
    assertThat(queue).extracting(PendingLine::offset).containsExactly(1L, 2L, 3L, 4L);
    assertThat(w.isEmpty()).isTrue();
  }
}
