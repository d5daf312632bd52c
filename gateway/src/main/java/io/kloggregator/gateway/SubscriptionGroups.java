package io.kloggregator.gateway;

import io.kloggregator.schemas.LogPartitions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The gateway's open {@link SubscriptionGroup}s by key: the first member of a key starts its
 * group on the partition feeds of its apps (every partition for every app), later members of the
 * same key join it, and the last to leave takes the group off its feeds. A key names the API,
 * the shared id and the selection ({@link #key}), so two selections never share a group.
 * Confined to the event loop.
 */
final class SubscriptionGroups {

  private final PartitionFeeds feeds;
  private final LogPartitions partitions;
  private final GatewayMetrics metrics;
  private final Map<String, Future<SubscriptionGroup>> groups = new HashMap<>();
  private long solos;

  SubscriptionGroups(PartitionFeeds feeds, LogPartitions partitions, GatewayMetrics metrics) {
    this.feeds = feeds;
    this.partitions = partitions;
    this.metrics = metrics;
  }

  /** The key of {@code api}'s subscription {@code id} of {@code apps} (null: every app). */
  static String key(String api, String id, Set<String> apps) {
    return api + "\n" + id + "\n" + (apps == null ? "*" : String.join(",", new TreeSet<>(apps)));
  }

  /** A key no other subscriber has: a group of one. */
  String soloKey(String api) {
    return api + "\nsolo-" + ++solos;
  }

  /**
   * Adds {@code member} to the group of {@code key}, which takes the lines of {@code apps}
   * (null: every app) from now on; fails when a feed cannot start.
   */
  Future<SubscriptionGroup> join(String key, Set<String> apps, TailSubscriber member) {
    Future<SubscriptionGroup> group = groups.computeIfAbsent(key, k -> start(k, apps));
    if (group.failed()) {
      groups.remove(key);
    }
    return group.map(g -> {
      g.add(member);
      return g;
    });
  }

  /** Removes {@code member} from {@code group}; the last one out ends the group. */
  void leave(SubscriptionGroup group, TailSubscriber member) {
    if (!group.remove(member)) {
      return;
    }
    Future<SubscriptionGroup> current = groups.get(group.key());
    if (current != null && current.succeeded() && current.result() == group) {
      groups.remove(group.key());
      metrics.groupClosed();
    }
    group.feeds().forEach(feed -> feeds.leave(feed, group));
    group.feeds().clear();
  }

  int size() {
    return groups.size();
  }

  private Future<SubscriptionGroup> start(String key, Set<String> apps) {
    SubscriptionGroup group = new SubscriptionGroup(key, apps);
    List<Integer> wanted = apps == null
        ? IntStream.range(0, partitions.partitionCount()).boxed().toList()
        : apps.stream().map(partitions::partitionOf).distinct().sorted().toList();
    List<Future<PartitionFeed>> started = new ArrayList<>();
    wanted.forEach(partition -> started.add(feeds.feed(partition)));
    return Future.all(started).map(all -> {
      for (Future<PartitionFeed> feed : started) {
        feed.result().join(group, -1);
        group.feeds().add(feed.result());
      }
      metrics.groupOpened();
      return group;
    }).onFailure(e -> groups.remove(key));
  }
}
