package io.kloggregator.router;

import io.kloggregator.schemas.TopicLookup;
import io.kloggregator.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the compacted bindings topic from its start to its current end and returns the bindings
 * it holds (tombstones applied), so that the etcd mirror knows what to delete after downtime.
 */
final class BindingsTopicReader {

  private final String bootstrapServers;

  BindingsTopicReader(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  Map<String, String> read(Duration limit) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, String> bindings = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = TopicLookup.partitions(consumer, Topics.BINDINGS, limit)
          .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + Topics.BINDINGS + " does not exist");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, limit);
      long deadline = System.nanoTime() + limit.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("could not read " + Topics.BINDINGS + " within "
              + limit);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            bindings.remove(record.key());
          } else {
            bindings.put(record.key(), record.value());
          }
        }
      }
    }
    return bindings;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
