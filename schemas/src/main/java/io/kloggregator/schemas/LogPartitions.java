package io.kloggregator.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a record of the log (and drain) topic belongs: murmur2 of the UTF-8 key, made positive,
 * modulo the partition count, which is what Kafka's Java producer does for a keyed record
 * (schemas/README.md, "Partitioning"). Every consumer that relies on the placement (the router's
 * stores, the gateway's partition feeds, the CLI's replay) asks this class, and a record found
 * elsewhere is misplaced: written by a producer with another partitioner. Immutable.
 *
 * <p>Needs kafka-clients on the class path (an optional dependency of schemas: every module that
 * uses this class already has it).
 */
public record LogPartitions(int partitionCount) {

  /**
   * What a producer must set to agree with this placement, for the log line that names a
   * misplaced record's producer. librdkafka's default ({@code consistent_random}, CRC32) differs.
   */
  public static final String PRODUCER_HINT = "keyed records must be partitioned with murmur2 of "
      + "the key as Java's producer does (librdkafka, kcat: -X partitioner=murmur2_random)";

  public LogPartitions {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be >= 1, was " + partitionCount);
    }
  }

  /** The partition of {@code key}'s UTF-8 bytes. */
  public int partitionOf(String key) {
    return partitionOf(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The partition of a record keyed with {@code key}. */
  public int partitionOf(byte[] key) {
    return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
  }

  /**
   * True when a record keyed {@code key} was found in {@code partition} but belongs in another.
   * A record without a key has no placement and is never misplaced.
   */
  public boolean isMisplaced(byte[] key, int partition) {
    return key != null && partitionOf(key) != partition;
  }

  /**
   * As {@link #isMisplaced(byte[], int)}, but a copy the router already relocated (header
   * {@link Topics#HEADER_RELOCATED_FROM}) is taken where it is, so that a partition count changed
   * under a relocation cannot send a line round in circles.
   */
  public boolean isMisplaced(byte[] key, int partition, Headers headers) {
    return isMisplaced(key, partition) && !isRelocated(headers);
  }

  /** As {@link #isMisplaced(byte[], int, Headers)} for a key already decoded from UTF-8. */
  public boolean isMisplaced(String key, int partition, Headers headers) {
    return key != null && partitionOf(key) != partition && !isRelocated(headers);
  }

  private static boolean isRelocated(Headers headers) {
    return headers.lastHeader(Topics.HEADER_RELOCATED_FROM) != null;
  }
}
