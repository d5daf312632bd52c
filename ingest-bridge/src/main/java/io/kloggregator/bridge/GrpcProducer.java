package io.kloggregator.bridge;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * The v2 ingress's own Kafka producer (idempotent, {@code acks=all}, as the UDP path's): it hands
 * each line over and tells the caller when Kafka acknowledged it or why not, so that a gRPC call
 * is answered only after Kafka holds every line of it. It never drops: when the producer's memory
 * is full, or it has no metadata for the log topic (it bootstraps again, and forgets the topic,
 * once no broker answers), {@link #send} blocks the calling gRPC thread (the sender's
 * backpressure) up to the producer's {@code max.block.ms}, then fails. A line it took is retried
 * without a deadline, so it reaches Kafka even after its call was cancelled. Thread-safe.
 */
final class GrpcProducer implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final RecordTimestamps timestamps;
  private final BridgeMetrics metrics;
  private final LongSupplier nanoClock;

  GrpcProducer(Producer<byte[], byte[]> producer, RecordTimestamps timestamps,
      BridgeMetrics metrics, LongSupplier nanoClock) {
    this.producer = producer;
    this.timestamps = timestamps;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
  }

  /**
   * Sends {@code line}; {@code done} gets null once Kafka acknowledged it, else the error (on
   * Kafka's I/O thread, or on this thread when the producer refused the line at once).
   */
  void send(BufferedLine line, Consumer<Exception> done) {
    long sent = nanoClock.getAsLong();
    try {
      producer.send(KafkaSender.toRecord(line, timestamps.of(line.timestampNanos())),
          (metadata, error) -> {
            if (error == null) {
              metrics.produced(sent, nanoClock.getAsLong());
            } else {
              metrics.droppedByKafka();
            }
            done.accept(error);
          });
    } catch (KafkaException e) {
      metrics.droppedByKafka();
      done.accept(e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
