package io.kloggregator.local.bench;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LogTopicTail;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A plain KafkaConsumer beside the gateway, on every partition of the log topic (assigned, no
 * group, the consumer's default fetch settings), reading the bench lines the tails read. Per phase
 * it keeps two latencies of each line, both on this JVM's {@code nanoTime} clock: the app's write
 * to the agent's read (the agent stamps each LogMessage with the wall-clock time it read the line;
 * {@link #wallToNano} maps that time onto {@code nanoTime}), and the app's write to this
 * consumer's receipt. The tails' figure minus this consumer's is what the gateway and its
 * WebSocket add.
 */
final class KafkaLineProbe implements AutoCloseable {

  /** What one phase delivered to this consumer. */
  static final class PhaseTally {
    final LongSamples toAgent = new LongSamples();
    final LongSamples toConsumer = new LongSamples();
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final PhaseTally[] tallies;
  private final long wallToNano;
  private final Thread thread;
  private volatile boolean running = true;

  KafkaLineProbe(String bootstrap, int partitions, int phases) {
    consumer = LogTopicTail.atEnd(bootstrap, partitions, Map.of());
    tallies = new PhaseTally[phases];
    for (int i = 0; i < phases; i++) {
      tallies[i] = new PhaseTally();
    }
    wallToNano = wallToNano();
    thread = new Thread(this::run, "system-bench-kafka-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * {@code wall-clock ns - nanoTime} at the instant of the smallest bracket of ten tries, so a
   * LogMessage time minus this offset is a {@code nanoTime}.
   */
  private static long wallToNano() {
    long best = Long.MAX_VALUE;
    long offset = 0;
    for (int i = 0; i < 10; i++) {
      long before = System.nanoTime();
      Instant wall = Instant.now();
      long after = System.nanoTime();
      if (after - before < best) {
        best = after - before;
        offset = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (before + after) / 2;
      }
    }
    return offset;
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        record(record.value(), System.nanoTime());
      }
    }
    consumer.close();
  }

  private void record(byte[] value, long receivedNanos) {
    LogMessage message;
    try {
      message = LogMessage.parseFrom(value);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return;
    }
    BenchLine line = BenchLine.parse(message.getMessage().toStringUtf8());
    if (line == null || line.phase() >= tallies.length) {
      return;
    }
    synchronized (this) {
      PhaseTally tally = tallies[line.phase()];
      tally.toAgent.add(message.getTimestamp() - wallToNano - line.sentNanos());
      tally.toConsumer.add(receivedNanos - line.sentNanos());
    }
  }

  /** The phase's samples so far; read them after traffic has settled. */
  synchronized PhaseTally snapshot(int phase) {
    return tallies[phase];
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
