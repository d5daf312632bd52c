package io.kloggregator.gateway;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LogTopicTail;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A plain Kafka consumer beside the gateway, reading the same lines: its emit-to-consumer latency
 * is the share of the end-to-end figure that the broker and this machine's load account for.
 */
final class BenchKafkaProbe implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final long[] latencies;
  private final long[] arrivals;
  private int count;
  private volatile boolean running = true;
  private volatile boolean recording;
  private final Thread thread;

  BenchKafkaProbe(String bootstrap, int partitions, int maxSamples) {
    consumer = LogTopicTail.atEnd(bootstrap, partitions,
        Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100));
    latencies = new long[maxSamples];
    arrivals = new long[maxSamples];
    thread = new Thread(this::run, "bench-kafka-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        long now = System.nanoTime();
        long stamp;
        try {
          // Parsed whether or not recording, like the clients' stamps.
          String text = LogMessage.parseFrom(record.value()).getMessage().toStringUtf8();
          stamp = Long.parseLong(text.substring(2, text.indexOf(' ')));
        } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
          continue; // not a bench line
        }
        if (recording && count < latencies.length) {
          latencies[count] = now - stamp;
          arrivals[count++] = now;
        }
      }
    }
    consumer.close();
  }

  void record(boolean on) {
    recording = on;
  }

  /** Percentile in ms (call after {@link #close}). */
  double latencyMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * count) - 1)] / 1e6;
  }

  /** Like {@link BenchClients#latencyMillisByWindow} (call after {@link #close}). */
  List<Double> latencyMillisByWindow(double p, java.time.Duration window) {
    return BenchClients.percentilesByWindow(latencies, arrivals, count, p, window);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
