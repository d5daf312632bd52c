package io.kloggregator.testkit;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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
 * LogMessage, record time = message time in ms (schemas/README.md). Used by the gateway, streams
 * router and cli tests and by the benchmarks; one producer per instance, safe to share between
 * threads (as a {@link KafkaProducer} is). Close it when done.
 */
public final class LogProducer implements AutoCloseable {

  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, byte[]> producer;

  /** A producer that sends each record at once (linger 0), acks from all replicas. */
  public LogProducer(String bootstrapServers) {
    this(bootstrapServers, 0);
  }

  private LogProducer(String bootstrapServers, int lingerMs) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, lingerMs), new StringSerializer(),
        new ByteArraySerializer());
  }

  /** A producer that batches for 5 ms, for loads of many lines. */
  public static LogProducer batching(String bootstrapServers) {
    return new LogProducer(bootstrapServers, 5);
  }

  /** A line stamped now. */
  public static LogMessage line(String app, String text, LogMessage.MessageType type,
      String source, String instance) {
    return LogMessage.newBuilder()
        .setAppId(app)
        .setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(type)
        .setTimestamp(System.currentTimeMillis() * 1_000_000L)
        .setSourceName(source)
        .setSourceId(instance)
        .build();
  }

  /** An OUT line of source App/0 stamped {@code timestampMillis}. */
  public static LogMessage line(String app, String text, long timestampMillis) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(timestampMillis * 1_000_000)
        .setAppId(app).setSourceName("App").setSourceId("0").build();
  }

  /** A line of source App/{@code instance} stamped {@code time} to the nanosecond. */
  public static LogMessage message(String app, String instance, LogMessage.MessageType type,
      String text, Instant time) {
    return LogMessage.newBuilder().setAppId(app).setSourceName("App")
        .setSourceId(instance).setMessageType(type)
        .setTimestamp(time.getEpochSecond() * 1_000_000_000L + time.getNano())
        .setMessage(ByteString.copyFromUtf8(text)).build();
  }

  /** Sends {@code message} with its own time as record time; waits for Kafka's ack. */
  public RecordMetadata send(LogMessage message) {
    return await(producer.send(record(message)));
  }

  /** Sends an OUT line of App/0 stamped now; waits for Kafka's ack. */
  public RecordMetadata send(String app, String text) {
    return send(line(app, text, LogMessage.MessageType.OUT, "App", "0"));
  }

  /** Sends without waiting; {@link #flush} waits for everything sent so far. */
  public void sendAsync(LogMessage message) {
    producer.send(record(message));
  }

  /** Sends {@code count} lines "<prefix> i" for {@code app} and waits until all are acked. */
  public void send(String app, String prefix, int count) {
    send(app, prefix, count, System.currentTimeMillis());
  }

  /** As {@link #send(String, String, int)} with the given record and message time. */
  public void send(String app, String prefix, int count, long now) {
    for (int i = 0; i < count; i++) {
      producer.send(new ProducerRecord<>(Topics.LOGS, null, now, app,
          line(app, prefix + " " + i, now).toByteArray()));
    }
    producer.flush();
  }

  /** Writes one line stamped {@code time}; waits for Kafka's ack and returns its metadata. */
  public RecordMetadata write(String app, String instance, LogMessage.MessageType type,
      String text, Instant time) {
    byte[] value = message(app, instance, type, text, time).toByteArray();
    return await(producer.send(new ProducerRecord<>(Topics.LOGS, null, time.toEpochMilli(), app,
        value)));
  }

  /** Sends {@code value} as it is (broker-stamped record time); waits for Kafka's ack. */
  public void sendRaw(String app, byte[] value) {
    await(producer.send(new ProducerRecord<>(Topics.LOGS, app, value)));
  }

  /** Waits until every record sent so far is acked. */
  public void flush() {
    producer.flush();
  }

  private static ProducerRecord<String, byte[]> record(LogMessage message) {
    return new ProducerRecord<>(Topics.LOGS, null, message.getTimestamp() / 1_000_000L,
        message.getAppId(), message.toByteArray());
  }

  private static RecordMetadata await(Future<RecordMetadata> ack) {
    try {
      return ack.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to Kafka", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no ack from Kafka in " + SEND_TIMEOUT_SECONDS + " s", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
