package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class TopicLookupTest {

  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>(OffsetResetStrategy.EARLIEST);

  @Test
  void aTopicThatReachesTheMetadataLateIsStillFound() throws Exception {
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      later.schedule(() -> consumer.updatePartitions("t",
          List.of(new PartitionInfo("t", 0, null, null, null),
              new PartitionInfo("t", 1, null, null, null))), 300, TimeUnit.MILLISECONDS);
      assertThat(TopicLookup.partitions(consumer, "t", Duration.ofSeconds(1),
          Duration.ofSeconds(5))).hasSize(2);
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void aTopicNoBrokerListsIsMissingOnceThePropagationWindowHasPassed() {
    long started = System.nanoTime();
    assertThat(TopicLookup.partitions(consumer, "absent", Duration.ofSeconds(1),
        Duration.ofMillis(400))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
        Duration.ofMillis(400));
  }
}
