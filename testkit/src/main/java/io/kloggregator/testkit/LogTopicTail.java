package io.kloggregator.testkit;

import io.kloggregator.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain KafkaConsumer on every partition of the log topic (assigned, no group, no commits),
 * positioned at the end: the benchmarks' reference reader beside the gateway.
 */
public final class LogTopicTail {

  private LogTopicTail() {
  }

  /** The consumer, with {@code overrides} on top of Kafka's defaults; the caller closes it. */
  public static KafkaConsumer<byte[], byte[]> atEnd(String bootstrap, int partitions,
      Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
    List<TopicPartition> all = IntStream.range(0, partitions)
        .mapToObj(p -> new TopicPartition(Topics.LOGS, p)).toList();
    consumer.assign(all);
    consumer.seekToEnd(all);
    all.forEach(consumer::position);
    return consumer;
  }
}
