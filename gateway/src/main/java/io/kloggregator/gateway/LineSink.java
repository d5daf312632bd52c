package io.kloggregator.gateway;

/** Receives lines from a {@link PartitionFeed}, on the feed's event loop. */
interface LineSink {

  /** The app whose lines the sink takes, or null for every app's. */
  String appId();

  void accept(TopicLine line);

  /** The feed failed or closed under the sink; no more lines will come. */
  void feedClosed(String reason);
}
