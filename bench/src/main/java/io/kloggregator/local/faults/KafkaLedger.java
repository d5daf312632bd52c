package io.kloggregator.local.faults;

import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The lines Kafka acknowledged: reads the log topic from its end at construction, on its own
 * thread with a group-less consumer that rides out a broker restart, into one {@link SeqLedger}
 * per watched app (offset order). Close once.
 */
final class KafkaLedger implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, SeqLedger> apps = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long records;

  KafkaLedger(String bootstrap, List<String> appIds) {
    appIds.forEach(app -> apps.put(app, new SeqLedger()));
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.LOGS).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread = new Thread(this::pollLoop, "fault-kafka-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  SeqLedger app(String appId) {
    return apps.get(appId);
  }

  /** Records read from the topic (all apps), for telling when the topic has gone quiet. */
  long records() {
    return records;
  }

  private void pollLoop() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records++;
          SeqLedger ledger = record.key() == null ? null : apps.get(record.key());
          if (ledger != null) {
            ledger.record(SeqLine.parse(record.key(), text(record.value())));
          }
        }
      }
    } catch (WakeupException closing) {
      // close() woke the poll
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private static String text(byte[] value) {
    try {
      return LogMessage.parseFrom(value).getMessage().toString(StandardCharsets.UTF_8);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return "";
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
