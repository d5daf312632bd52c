package io.kloggregator.drain;

import io.kloggregator.schemas.proto.LogMessage;

/**
 * One log line on its way to one drain, with the Kafka position it came from; the drain formats
 * it on its own event loop when writing. Immutable.
 */
record PendingLine(CommitTracker.Partition partition, long offset, LogMessage message) {

  String appId() {
    return message.getAppId();
  }

  void delivered() {
    partition.done(offset);
  }
}
