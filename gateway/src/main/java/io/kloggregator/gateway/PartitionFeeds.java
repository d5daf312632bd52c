package io.kloggregator.gateway;

import io.kloggregator.schemas.LogPartitions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The gateway's open {@link PartitionFeed}s, at most one per partition: started by the first
 * socket that needs the partition, stopped once no socket has watched it for {@code linger}.
 * Confined to the event loop.
 */
final class PartitionFeeds {

  private final String topic;
  private final LogPartitions placement;
  private final Context loop;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final GatewayMetrics metrics;
  private final int ringLimit;
  private final Duration linger;
  private final Map<Integer, Future<PartitionFeed>> feeds = new HashMap<>();

  PartitionFeeds(String topic, LogPartitions placement, Context loop,
      Supplier<Consumer<byte[], byte[]>> consumers, GatewayMetrics metrics, int ringLimit,
      Duration linger) {
    this.topic = topic;
    this.placement = placement;
    this.loop = loop;
    this.consumers = consumers;
    this.metrics = metrics;
    this.ringLimit = ringLimit;
    this.linger = linger;
  }

  /** The running feed of {@code partition}, started if needed (loop only). */
  Future<PartitionFeed> feed(int partition) {
    return feeds.computeIfAbsent(partition, p -> {
      PartitionFeed feed = new PartitionFeed(new TopicPartition(topic, p), placement, loop,
          consumers, metrics, ringLimit);
      return feed.start().map(end -> feed).onFailure(e -> feeds.remove(p));
    });
  }

  /** Removes a sink; the feed stops after {@code linger} unless someone joins again. */
  void leave(PartitionFeed feed, LineSink sink) {
    if (!feed.leave(sink)) {
      return;
    }
    loop.owner().setTimer(linger.toMillis(), id -> {
      Future<PartitionFeed> current = feeds.get(feed.partition());
      if (feed.sinkCount() == 0 && current != null && current.result() == feed) {
        feeds.remove(feed.partition());
        feed.close("idle");
      }
    });
  }

  /** Stops every feed (loop only); returns them so the caller can wait off the loop. */
  List<PartitionFeed> closeAll(String reason) {
    List<PartitionFeed> open = feeds.values().stream()
        .filter(Future::succeeded).map(Future::result).toList();
    open.forEach(feed -> feed.close(reason));
    feeds.clear();
    return open;
  }
}
