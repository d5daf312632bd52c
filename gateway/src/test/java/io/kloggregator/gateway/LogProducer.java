package io.kloggregator.gateway;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes LogMessage records to the log topic as the ingest bridge does (key = app id). */
final class LogProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;

  LogProducer(String bootstrap) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  static LogMessage line(String app, String text, LogMessage.MessageType type, String source,
      String instance) {
    return LogMessage.newBuilder()
        .setAppId(app)
        .setMessage(ByteString.copyFrom(text, StandardCharsets.UTF_8))
        .setMessageType(type)
        .setTimestamp(System.currentTimeMillis() * 1_000_000L)
        .setSourceName(source)
        .setSourceId(instance)
        .build();
  }

  RecordMetadata send(LogMessage message) {
    try {
      return producer.send(new ProducerRecord<>(Topics.LOGS, null,
          message.getTimestamp() / 1_000_000L, message.getAppId(), message.toByteArray())).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Sends without waiting; {@link #flush} waits for everything sent so far. */
  void sendAsync(LogMessage message) {
    producer.send(new ProducerRecord<>(Topics.LOGS, null, message.getTimestamp() / 1_000_000L,
        message.getAppId(), message.toByteArray()));
  }

  void flush() {
    producer.flush();
  }

  RecordMetadata send(String app, String text) {
    return send(line(app, text, LogMessage.MessageType.OUT, "App", "0"));
  }

  @Override
  public void close() {
    producer.close();
  }
}
