package io.kloggregator.gateway;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which log-topic partition holds an app: Kafka's default partitioner over the UTF-8 app id, as
 * the ingest bridge produces (schemas/README.md). The partition count is looked up at start.
 */
record AppPartitions(int partitionCount) {

  AppPartitions {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be >= 1, was " + partitionCount);
    }
  }

  int partitionOf(String appId) {
    byte[] key = appId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
  }
}
