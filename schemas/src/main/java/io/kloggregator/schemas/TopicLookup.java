package io.kloggregator.schemas;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;

/**
 * Looks up a topic's partitions the way a component starting beside {@code kafka-init} needs it:
 * a topic the controller has just created is not yet in every broker's metadata, so an empty
 * answer is asked again until {@link #PROPAGATION} has passed.
 */
public final class TopicLookup {

  /** How long an unknown topic is asked for again before it is taken as missing. */
  public static final Duration PROPAGATION = Duration.ofSeconds(5);

  private static final long RETRY_MILLIS = 100;

  private TopicLookup() {
  }

  /**
   * The partitions of {@code topic}, or an empty list when no broker lists it within
   * {@link #PROPAGATION}. Each metadata request may take up to {@code requestLimit}; an unreachable
   * cluster fails with Kafka's {@code TimeoutException}.
   */
  public static List<PartitionInfo> partitions(Consumer<?, ?> consumer, String topic,
      Duration requestLimit) {
    return partitions(consumer, topic, requestLimit, PROPAGATION);
  }

  static List<PartitionInfo> partitions(Consumer<?, ?> consumer, String topic,
      Duration requestLimit, Duration propagation) {
    long deadline = System.nanoTime() + propagation.toNanos();
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, requestLimit);
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      if (System.nanoTime() - deadline > 0) {
        return List.of();
      }
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }
}
