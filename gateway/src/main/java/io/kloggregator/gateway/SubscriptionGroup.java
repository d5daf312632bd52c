package io.kloggregator.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Consumers that share one subscription (a firehose subscription id, an RLP shard id): the group
 * is one sink of every feed it needs and gives each line of its selection (the apps in
 * {@code apps}, or every app when null) to exactly one member. Members take turns; a member that
 * is backed up ({@link TailSubscriber#isBackedUp}) is passed over, so a slow member gets fewer
 * lines and never holds up the others. Only when every member is backed up does the line go to
 * the next in turn, whose bounded queue drops and counts as it would alone. Made and ended by
 * {@link SubscriptionGroups}. Confined to the event loop.
 */
final class SubscriptionGroup implements LineSink {

  private final String key;
  private final Set<String> apps;
  private final List<TailSubscriber> members = new ArrayList<>();
  private final List<PartitionFeed> feeds = new ArrayList<>();
  private int turn;

  /** An empty group named {@code key} of {@code apps}' lines (null: every app's). */
  SubscriptionGroup(String key, Set<String> apps) {
    this.key = key;
    this.apps = apps == null ? null : Set.copyOf(apps);
  }

  String key() {
    return key;
  }

  /** Every app's lines: the group joins feeds as a sink of every app. */
  @Override
  public String appId() {
    return null;
  }

  @Override
  public void accept(TopicLine line) {
    if (members.isEmpty() || apps != null && !apps.contains(line.appId())) {
      return;
    }
    int size = members.size();
    for (int i = 0; i < size; i++) {
      TailSubscriber member = members.get((turn + i) % size);
      if (!member.isBackedUp()) {
        turn = (turn + i + 1) % size;
        member.accept(line);
        return;
      }
    }
    for (int i = 0; i < size; i++) {
      TailSubscriber member = members.get((turn + i) % size);
      if (!member.isClosed()) {
        turn = (turn + i + 1) % size;
        member.accept(line);
        return;
      }
    }
  }

  @Override
  public void feedClosed(String reason) {
    List.copyOf(members).forEach(member -> member.feedClosed(reason));
  }

  void add(TailSubscriber member) {
    members.add(member);
  }

  /** Removes {@code member}; returns true when none is left. */
  boolean remove(TailSubscriber member) {
    members.remove(member);
    turn = members.isEmpty() ? 0 : turn % members.size();
    return members.isEmpty();
  }

  int size() {
    return members.size();
  }

  /** The feeds the group is a sink of (set once by {@link SubscriptionGroups}). */
  List<PartitionFeed> feeds() {
    return feeds;
  }
}
