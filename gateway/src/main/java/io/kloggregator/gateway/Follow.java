package io.kloggregator.gateway;

import io.vertx.core.Future;

/**
 * Attaches a tail socket to its partition's shared feed from a given offset, without gap or
 * duplicate: lines the feed's replay ring still holds are replayed, older ones are read first by
 * a {@link SocketCatchUp}, and lines Kafka no longer holds are reported as one loss frame.
 * Confined to the event loop.
 */
final class Follow {

  private final PartitionFeeds feeds;
  private final SocketCatchUp catchUp;

  Follow(PartitionFeeds feeds, SocketCatchUp catchUp) {
    this.feeds = feeds;
    this.catchUp = catchUp;
  }

  /** The running feed of {@code partition} (started, positioned) for a socket about to join. */
  Future<PartitionFeed> feed(int partition) {
    return feeds.feed(partition);
  }

  /** Sends {@code socket} every line of its app from {@code from} on; -1 = from now. */
  void join(PartitionFeed feed, TailSubscriber socket, long from) {
    if (socket.isClosed()) {
      return;
    }
    if (from < 0) {
      feed.join(socket, -1);
      return;
    }
    socket.skipBelow(from);
    if (from >= feed.ringStart()) {
      feed.join(socket, from);
      return;
    }
    catchUp.read(feed.partition(), from, feed.ringStart(), socket)
        .onSuccess(reached -> join(feed, socket, reached))
        .onFailure(e -> socket.close(CloseCodes.INTERNAL_ERROR, "cannot read the log: "
            + e.getMessage()));
  }

  void leave(PartitionFeed feed, TailSubscriber socket) {
    feeds.leave(feed, socket);
  }
}
