package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitTrackerTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);
  private static final long SECOND = 1_000_000_000L;
  private static final long BOUND = 10 * SECOND;

  private final CommitTracker tracker = new CommitTracker();
  private final CommitTracker.Partition p = tracker.track(TP);

  private void dispatch(String drain, long offset, long nanos) {
    p.read(offset);
    p.drain(drain).dispatched(offset, nanos);
  }

  private long committedOffset() {
    return tracker.committable().get(TP).offset();
  }

  private ProgressMetadata committedMetadata() {
    return ProgressMetadata.decode(tracker.committable().get(TP).metadata());
  }

  @Test
  void commitStopsAtTheFirstLineNotDeliveredToItsDrain() {
    for (long o = 10; o < 15; o++) {
      dispatch(o % 2 == 0 ? "a" : "b", o, 0);
    }

    p.drain("a").done(10);
    p.drain("a").done(12);
    p.drain("b").done(13);

    assertThat(committedOffset()).isEqualTo(11);
  }

  @Test
  void allDeliveredCommitsOnePastTheLast() {
    dispatch("a", 3, 0);
    dispatch("a", 4, 0);

    p.drain("a").done(4);
    p.drain("a").done(3);

    assertThat(committedOffset()).isEqualTo(5);
  }

  @Test
  void unchangedPositionsAreNotCommittedTwice() {
    dispatch("a", 0, 0);
    p.drain("a").done(0);
    tracker.committable();

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void nothingReadCommitsNothing() {
    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.forget(TP)).isNull();
  }

  @Test
  void aDrainBehindPastTheTimeBoundKeepsItsOwnPositionAndStopsHoldingThePartition() {
    dispatch("dead", 0, 0);
    for (long o = 1; o < 10; o++) {
      dispatch("live", o, 5 * SECOND);
      p.drain("live").done(o);
    }
    assertThat(tracker.fallBehind(9 * SECOND, BOUND, 1000)).isZero();
    assertThat(committedOffset()).isZero();

    int fell = tracker.fallBehind(11 * SECOND, BOUND, 1000);

    assertThat(fell).isOne();
    OffsetAndMetadata commit = tracker.committable().get(TP);
    assertThat(commit.offset()).isEqualTo(10);
    assertThat(ProgressMetadata.decode(commit.metadata()).drains())
        .containsExactly(Map.entry("dead", new ProgressMetadata.Position(0, -1)));
  }

  @Test
  void aDrainTooManyRecordsBehindFallsBehindBeforeTheTimeBound() {
    dispatch("dead", 0, 0);
    for (long o = 1; o <= 20; o++) {
      dispatch("live", o, 0);
      p.drain("live").done(o);
    }

    assertThat(tracker.fallBehind(SECOND, BOUND, 20)).isOne();

    assertThat(committedOffset()).isEqualTo(21);
  }

  @Test
  void aDetachedDrainsPositionFollowsItsDeliveriesAndItRejoinsOnceCaughtUp() {
    dispatch("slow", 0, 0);
    dispatch("slow", 1, 0);
    dispatch("live", 2, 0);
    p.drain("live").done(2);
    tracker.fallBehind(11 * SECOND, BOUND, 1000);
    assertThat(committedMetadata().drains()).containsKey("slow");

    p.drain("slow").done(0);
    assertThat(tracker.committable().get(TP).metadata()).contains("slow=1:");
    p.drain("slow").done(1);
    tracker.fallBehind(12 * SECOND, BOUND, 1000);

    assertThat(committedMetadata().drains()).isEmpty();
    assertThat(p.drain("slow").isDetached()).isFalse();
  }

  @Test
  void aCatchUpReadersHoldKeepsItsDrainBehindWhileAttached() {
    dispatch("live", 0, 0);
    p.drain("live").done(0);
    p.drain("full").hold(0);
    p.read(5);

    assertThat(committedOffset()).isZero();
  }

  @Test
  void aCleanStopDetachesTheDrainsStillOwingLinesSoTheOffsetReachesTheHead() {
    dispatch("dead", 0, 0);
    dispatch("live", 1, 0);
    p.drain("live").done(1);

    tracker.detachAll();

    OffsetAndMetadata commit = tracker.committable().get(TP);
    assertThat(commit.offset()).isEqualTo(2);
    assertThat(ProgressMetadata.decode(commit.metadata()).drains()).containsKey("dead");
  }

  @Test
  void theHeadIsReservedInTheMetadataBeforeDispatching() {
    assertThat(p.needsReserve(7)).isTrue();

    p.reserve(5, 7);

    OffsetAndMetadata commit = tracker.committable().get(TP);
    assertThat(commit.offset()).isEqualTo(5);
    assertThat(ProgressMetadata.decode(commit.metadata()).head()).isEqualTo(8);
    assertThat(p.needsReserve(7)).isFalse();
    assertThat(p.needsReserve(8)).isTrue();
  }

  @Test
  void aNewOwnerSeesWhichLinesGoOutAgainAndWhatADetachedDrainAlreadyHad() {
    p.restore(10, new ProgressMetadata(15, Map.of("dead", new ProgressMetadata.Position(4, 6))));

    assertThat(p.drain("live").isAgain(14)).isTrue();
    assertThat(p.drain("live").isAgain(15)).isFalse();
    assertThat(p.drain("live").isAgain(9)).isTrue();
    DrainProgress dead = p.drain("dead");
    assertThat(dead.isDetached()).isTrue();
    assertThat(dead.hasAlready(3)).isTrue();
    assertThat(dead.hasAlready(4)).isFalse();
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void aRestoredDrainAheadOfTheOffsetSkipsWhatItHadAndHoldsNothing() {
    p.restore(10, new ProgressMetadata(20, Map.of("ahead", new ProgressMetadata.Position(14, 14))));

    for (long o = 10; o < 16; o++) {
      p.read(o);
    }

    assertThat(p.drain("ahead").hasAlready(13)).isTrue();
    assertThat(p.drain("ahead").hasAlready(14)).isFalse();
    assertThat(committedOffset()).isEqualTo(16);
  }

  @Test
  void anUnboundDrainLeavesNoPosition() {
    dispatch("gone", 0, 0);
    tracker.fallBehind(11 * SECOND, BOUND, 1000);

    tracker.forgetDrain("gone");

    OffsetAndMetadata commit = tracker.committable().get(TP);
    assertThat(commit.offset()).isEqualTo(1);
    assertThat(ProgressMetadata.decode(commit.metadata()).drains()).isEmpty();
  }
}
