package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitTrackerTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);

  @Test
  void commitStopsAtTheFirstLineNotDeliveredEverywhere() {
    CommitTracker tracker = new CommitTracker();
    CommitTracker.Partition p = tracker.track(TP);
    for (long o = 10; o < 15; o++) {
      p.dispatched(o);
    }

    p.done(10);
    p.done(12);
    p.done(13);

    assertThat(tracker.committable()).containsEntry(TP, new OffsetAndMetadata(11));
  }

  @Test
  void allDeliveredCommitsOnePastTheLast() {
    CommitTracker tracker = new CommitTracker();
    CommitTracker.Partition p = tracker.track(TP);
    p.dispatched(3);
    p.dispatched(4);

    p.done(4);
    p.done(3);

    assertThat(tracker.committable()).containsEntry(TP, new OffsetAndMetadata(5));
  }

  @Test
  void unchangedPositionsAreNotCommittedTwice() {
    CommitTracker tracker = new CommitTracker();
    CommitTracker.Partition p = tracker.track(TP);
    p.dispatched(0);
    p.done(0);
    tracker.committable();

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void nothingDispatchedCommitsNothing() {
    CommitTracker tracker = new CommitTracker();
    tracker.track(TP);

    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.forget(TP)).isNull();
  }
}
