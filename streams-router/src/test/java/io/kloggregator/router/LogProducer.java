package io.kloggregator.router;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes app lines to the log topic as the ingest bridge would. */
final class LogProducer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;

  LogProducer(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
  }

  static LogMessage line(String app, String text, long timestampMillis) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(timestampMillis * 1_000_000)
        .setAppId(app).setSourceName("App").setSourceId("0").build();
  }

  /** Sends {@code count} lines "<prefix> i" for {@code app} and waits until all are acked. */
  void send(String app, String prefix, int count) {
    send(app, prefix, count, System.currentTimeMillis());
  }

  /** As {@link #send(String, String, int)} with the given record and message time. */
  void send(String app, String prefix, int count, long now) {
    for (int i = 0; i < count; i++) {
      producer.send(new ProducerRecord<>(Topics.LOGS, null, now, app,
          line(app, prefix + " " + i, now).toByteArray()));
    }
    producer.flush();
  }

  void sendRaw(String app, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(Topics.LOGS, app, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
