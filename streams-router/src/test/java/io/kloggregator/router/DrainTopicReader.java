package io.kloggregator.router;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.DrainRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the drain topic from its beginning and keeps every record seen, for assertions. */
final class DrainTopicReader implements AutoCloseable {

  /** One drain-topic record: its key and its parsed value. */
  record Drained(String key, DrainRecord value) {
    String text() {
      return value.getLogMessage().getMessage().toStringUtf8();
    }
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<Drained> seen = new ArrayList<>();

  DrainTopicReader(String bootstrapServers) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.DRAINS).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls once more and returns every record seen so far for {@code app}, in topic order. */
  List<Drained> forApp(String app) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
      try {
        seen.add(new Drained(record.key(), DrainRecord.parseFrom(record.value())));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("drain topic holds a value that is not a DrainRecord", e);
      }
    }
    return seen.stream().filter(d -> d.value().getAppId().equals(app)).toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
