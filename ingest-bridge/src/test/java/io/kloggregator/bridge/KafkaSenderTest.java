package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaSenderTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BridgeMetrics metrics = new BridgeMetrics(registry);
  private final LineBuffer buffer = new LineBuffer(1 << 20, 0, clock::get, metrics);
  private KafkaSender sender;

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void linesBecomeRecordsKeyedByAppWithMessageTimeAndIngestHeader() {
    MockProducer<byte[], byte[]> producer = producer(true);
    start(producer);

    buffer.offer(
        new BufferedLine("app-1", new byte[] {1, 2, 3}, 1_700_000_000_123_456_789L, "udp"));

    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo(Topics.LOGS);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("app-1");
    assertThat(record.value()).containsExactly(1, 2, 3);
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_123L);
    assertThat(record.headers().lastHeader(Topics.HEADER_INGEST).value())
        .isEqualTo("udp".getBytes(StandardCharsets.US_ASCII));
    await().atMost(Duration.ofSeconds(10)).until(() -> counter("produced") == 1);
  }

  @Test
  void healthIsDownWhileRecordsWaitForKafkaLongerThanTheBound() {
    MockProducer<byte[], byte[]> producer = producer(false);
    start(producer);
    buffer.offer(new BufferedLine("app-1", new byte[10], 1, "udp"));
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
    assertThat(sender.health().healthy()).isTrue();

    clock.addAndGet(BOUND.toNanos() + 1);
    boolean downWhileWaiting = !sender.health().healthy();
    producer.completeNext();

    assertThat(downWhileWaiting).isTrue();
    assertThat(sender.health().healthy()).isTrue();
  }

  @Test
  void recordsKafkaRefusesBeforeQueueingAreRetriedAndKeepTheirOrder() {
    AtomicInteger refusals = new AtomicInteger(2);
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null,
        new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
          Callback callback) {
        if (refusals.getAndDecrement() > 0) {
          TimeoutException metadataMissing = new TimeoutException("no metadata");
          callback.onCompletion(null, metadataMissing);
          return CompletableFuture.failedFuture(metadataMissing);
        }
        return super.send(record, callback);
      }
    };
    start(producer);

    for (int i = 0; i < 3; i++) {
      buffer.offer(new BufferedLine("app-1", new byte[] {(byte) i}, 1, "udp"));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 3);
    assertThat(producer.history()).extracting(r -> r.value()[0])
        .containsExactly((byte) 0, (byte) 1, (byte) 2);
    assertThat(counter("dropped")).isZero();
  }

  @Test
  void recordsKafkaFailsForGoodAreCountedAsDropped() {
    MockProducer<byte[], byte[]> producer = producer(false);
    start(producer);
    buffer.offer(new BufferedLine("app-1", new byte[10], 1, "udp"));
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);

    producer.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too big"));

    assertThat(registry.get("kloggregator.bridge.dropped").tag("reason", "kafka_error").counter()
        .count()).isEqualTo(1);
    assertThat(sender.inflightBytes()).isZero();
  }

  private double counter(String name) {
    return registry.find("kloggregator.bridge." + name).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private void start(MockProducer<byte[], byte[]> producer) {
    sender = new KafkaSender(producer, buffer, metrics, clock::get,
        new RecordTimestamps(Clock.systemUTC()), BOUND, 1 << 20);
    sender.start();
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new ByteArraySerializer(),
        new ByteArraySerializer());
  }

}
