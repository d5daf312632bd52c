package io.kloggregator.gateway;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes app lines to the log topic at a fixed total rate, round-robin over apps, each stamped
 * {@code t=<System.nanoTime()>} at send time. Paced per millisecond; it catches up when late.
 */
final class BenchLoad implements AutoCloseable {

  private static final String PADDING = " " + "x".repeat(80);

  private final KafkaProducer<String, byte[]> producer;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running = true;
  private Thread thread;

  BenchLoad(String bootstrap) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  void start(List<String> apps, int linesPerSecond) {
    thread = new Thread(() -> run(apps, linesPerSecond), "bench-load");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(List<String> apps, int linesPerSecond) {
    long began = System.nanoTime();
    long due = 0;
    int next = 0;
    while (running) {
      long elapsed = System.nanoTime() - began;
      long target = elapsed * linesPerSecond / 1_000_000_000L;
      while (due < target && running) {
        String app = apps.get(next++ % apps.size());
        long stamp = System.nanoTime();
        LogMessage message = LogMessage.newBuilder().setAppId(app).setSourceName("App")
            .setSourceId("0").setMessageType(LogMessage.MessageType.OUT)
            .setTimestamp(System.currentTimeMillis() * 1_000_000L)
            .setMessage(ByteString.copyFrom("t=" + stamp + PADDING, StandardCharsets.UTF_8))
            .build();
        producer.send(new ProducerRecord<>(Topics.LOGS, app, message.toByteArray()));
        sent.set(++due);
      }
      LockSupport.parkNanos(500_000);
    }
  }

  long sent() {
    return sent.get();
  }

  void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
    producer.flush();
  }

  @Override
  public void close() {
    running = false;
    producer.close();
  }
}
