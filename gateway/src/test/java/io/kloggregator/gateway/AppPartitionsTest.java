package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class AppPartitionsTest {

  @Test
  void agreesWithTheProducersDefaultPartitioner() {
    AppPartitions partitions = new AppPartitions(12);

    IntStream.range(0, 500).mapToObj(i -> "app-" + i + "-\u00e9").forEach(app ->
        assertThat(partitions.partitionOf(app)).isEqualTo(BuiltInPartitioner.partitionForKey(
            app.getBytes(StandardCharsets.UTF_8), 12)));
  }
}
