package io.kloggregator.drain;

import io.kloggregator.schemas.proto.LogMessage;

/**
 * One log line on its way to one drain, with the Kafka position it came from and that drain's
 * progress there; {@code again} when the line may have reached the drain before (a previous
 * owner of the partition dispatched it), so writing it counts as a resend. The drain formats it
 * on its own event loop when writing. Immutable.
 */
record PendingLine(CommitTracker.Partition partition, DrainProgress progress, long offset,
    LogMessage message, boolean again) {

  String appId() {
    return message.getAppId();
  }

  void written() {
    progress.written(offset);
  }

  /** Delivered, or discarded (unbound, refused): either way no longer holds the commit. */
  void delivered() {
    progress.done(offset);
  }
}
