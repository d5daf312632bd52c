package io.kloggregator.cli;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes log-topic records exactly as the ingest bridge does: key = app id, value = serialized
 * LogMessage, record time = message time in ms (schemas/README.md).
 */
final class LogProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;

  LogProducer(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
  }

  static LogMessage message(String app, String instance, LogMessage.MessageType type,
      String text, Instant time) {
    return LogMessage.newBuilder().setAppId(app).setSourceName("App")
        .setSourceId(instance).setMessageType(type)
        .setTimestamp(time.getEpochSecond() * 1_000_000_000L + time.getNano())
        .setMessage(ByteString.copyFromUtf8(text)).build();
  }

  /** Writes one line stamped {@code time}; waits for Kafka's ack and returns its metadata. */
  RecordMetadata write(String app, String instance, LogMessage.MessageType type, String text,
      Instant time) {
    byte[] value = message(app, instance, type, text, time).toByteArray();
    try {
      return producer.send(new ProducerRecord<>(Topics.LOGS, null, time.toEpochMilli(), app,
          value)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to Kafka", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
