package io.kloggregator.drain;

/**
 * One framed syslog message on its way to one drain, with the Kafka position it came from.
 * Immutable.
 */
record Line(CommitTracker.Partition partition, long offset, String appId, byte[] framed) {

  void delivered() {
    partition.done(offset);
  }
}
