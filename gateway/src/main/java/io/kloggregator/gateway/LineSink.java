package io.kloggregator.gateway;

/** Receives one app's lines from a {@link PartitionFeed}, on the feed's event loop. */
interface LineSink {

  String appId();

  void accept(TopicLine line);

  /** The feed failed or closed under the sink; no more lines will come. */
  void feedClosed(String reason);
}
