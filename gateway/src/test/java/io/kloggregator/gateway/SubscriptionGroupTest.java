package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LogProducer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubscriptionGroupTest {

  /** A channel that records what it was given and is full while {@code full} is set. */
  static final class RecordingChannel implements LineChannel {
    final List<String> lines = new ArrayList<>();
    final List<LossNotice> losses = new ArrayList<>();
    boolean full;
    Runnable drained = () -> { };

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public void drainHandler(Runnable drained) {
      this.drained = drained;
    }

    @Override
    public void writeLine(TopicLine line) {
      lines.add(line.message().getMessage().toStringUtf8());
    }

    @Override
    public void writeLoss(LossNotice notice) {
      losses.add(notice);
    }

    @Override
    public void close(short code, String reason) {
    }
  }

  private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
  private long offset;

  private TailSubscriber member(RecordingChannel channel, int queue) {
    return new TailSubscriber(channel, null, LineFilter.ALL, queue, 1000, metrics);
  }

  private TopicLine line(String app, String text) {
    LogMessage message = LogProducer.line(app, text, 1_000);
    return TopicLine.of(message, 0, offset++, message.toByteArray());
  }

  @Test
  void eachLineGoesToOneMemberInTurn() {
    SubscriptionGroup group = new SubscriptionGroup("k", null);
    RecordingChannel a = new RecordingChannel();
    RecordingChannel b = new RecordingChannel();
    group.add(member(a, 10));
    group.add(member(b, 10));

    IntStream.range(0, 6).forEach(i -> group.accept(line("app-" + i, "l" + i)));

    assertThat(a.lines).containsExactly("l0", "l2", "l4");
    assertThat(b.lines).containsExactly("l1", "l3", "l5");
  }

  @Test
  void aBackedUpMemberIsPassedOverWithoutLoss() {
    SubscriptionGroup group = new SubscriptionGroup("k", null);
    RecordingChannel slow = new RecordingChannel();
    RecordingChannel fast = new RecordingChannel();
    group.add(member(slow, 10));
    group.add(member(fast, 10));
    slow.full = true;

    IntStream.range(0, 50).forEach(i -> group.accept(line("app", "l" + i)));

    assertThat(slow.lines).isEmpty();
    assertThat(fast.lines).hasSize(50);
    assertThat(slow.losses).isEmpty();
    assertThat(metrics.droppedCount("slow_client")).isZero();
  }

  @Test
  void whenEveryMemberIsBackedUpLinesQueueInTurnAndOverflowIsCountedLoss() {
    SubscriptionGroup group = new SubscriptionGroup("k", null);
    RecordingChannel a = new RecordingChannel();
    RecordingChannel b = new RecordingChannel();
    TailSubscriber first = member(a, 5);
    group.add(first);
    group.add(member(b, 5));
    a.full = true;
    b.full = true;

    IntStream.range(0, 30).forEach(i -> group.accept(line("app", "l" + i)));
    a.full = false;
    a.drained.run();

    assertThat(metrics.droppedCount("slow_client")).isEqualTo(20);
    assertThat(a.losses).singleElement().satisfies(loss -> {
      assertThat(loss.count()).isEqualTo(10);
      assertThat(loss.appId()).isEqualTo("app");
    });
    assertThat(a.lines).hasSize(5);
    assertThat(first.isBackedUp()).isFalse();
  }

  @Test
  void onlyTheSelectedAppsLinesAreTaken() {
    SubscriptionGroup group = new SubscriptionGroup("k", Set.of("wanted"));
    RecordingChannel a = new RecordingChannel();
    group.add(member(a, 10));

    group.accept(line("wanted", "yes"));
    group.accept(line("other", "no"));

    assertThat(a.lines).containsExactly("yes");
  }

  @Test
  void aGroupWithoutMembersDropsNothingOnAnyone() {
    SubscriptionGroup group = new SubscriptionGroup("k", null);
    RecordingChannel a = new RecordingChannel();
    TailSubscriber only = member(a, 10);
    group.add(only);

    assertThat(group.remove(only)).isTrue();
    group.accept(line("app", "after"));

    assertThat(a.lines).isEmpty();
    assertThat(group.size()).isZero();
  }

  @Test
  void keysOfOneIdDifferBySelection() {
    assertThat(SubscriptionGroups.key("rlp", "s", Set.of("b", "a")))
        .isEqualTo(SubscriptionGroups.key("rlp", "s", Set.of("a", "b")))
        .isNotEqualTo(SubscriptionGroups.key("rlp", "s", Set.of("a")))
        .isNotEqualTo(SubscriptionGroups.key("rlp", "s", null))
        .isNotEqualTo(SubscriptionGroups.key("firehose", "s", Set.of("a", "b")));
  }
}
