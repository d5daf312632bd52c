package io.kloggregator.bridge;

import io.kloggregator.ops.Health;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains {@link LineBuffer} into the log topic on its own thread. At most {@code inflightLimit}
 * bytes are inside the producer at once, so when Kafka is slow or down the producer never blocks
 * and the excess waits in the buffer, where drop-oldest applies. The producer retries without a
 * delivery deadline and is idempotent, so a broker restart neither loses nor reorders what it
 * holds. Lifecycle: {@link #start}, then {@link #close} (drains, flushes, closes the producer).
 */
final class KafkaSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);
  private static final int BATCH_LINES = 1024;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long SEND_RETRY_MILLIS = 200;
  /**
   * After a small batch the sender lingers this long so the next one is bigger: one drain per
   * millisecond instead of one per datagram (the producer lingers 5 ms anyway).
   */
  private static final int SMALL_BATCH = 64;
  private static final long LINGER_NANOS = 1_000_000L;

  private final Producer<byte[], byte[]> producer;
  private final LineBuffer buffer;
  private final BridgeMetrics metrics;
  private final LongSupplier nanoClock;
  private final RecordTimestamps timestamps;
  private final long unhealthyAfterNanos;
  private final RateLimitedLog errorLog;
  private final int inflightLimit;
  private final Semaphore inflight;
  private final Thread thread;
  private volatile boolean running = true;
  /** When Kafka last acknowledged something, or work started after an idle spell. */
  private volatile long lastProgressNanos;

  KafkaSender(Producer<byte[], byte[]> producer, LineBuffer buffer, BridgeMetrics metrics,
      LongSupplier nanoClock, RecordTimestamps timestamps, Duration unhealthyAfter,
      int inflightLimit) {
    this.producer = producer;
    this.buffer = buffer;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
    this.timestamps = timestamps;
    this.unhealthyAfterNanos = unhealthyAfter.toNanos();
    this.errorLog = new RateLimitedLog(LOG, Duration.ofSeconds(10), nanoClock);
    this.inflightLimit = inflightLimit;
    this.inflight = new Semaphore(inflightLimit);
    this.lastProgressNanos = nanoClock.getAsLong();
    this.thread = new Thread(this::run, "bridge-kafka-sender");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long inflightBytes() {
    return inflightLimit - inflight.availablePermits();
  }

  /** Down when records have waited for Kafka's acknowledgement longer than the bound. */
  Health health() {
    long waited = nanoClock.getAsLong() - lastProgressNanos;
    boolean stuck = inflightBytes() > 0 && waited > unhealthyAfterNanos;
    Map<String, String> details = Map.of(
        "kafka", stuck ? "no acknowledgement for " + waited / 1_000_000 + " ms" : "ok",
        "bufferedLines", Long.toString(buffer.lines()),
        "inflightBytes", Long.toString(inflightBytes()));
    return stuck ? Health.down(details) : Health.up(details);
  }

  private void run() {
    List<BufferedLine> batch = new ArrayList<>(BATCH_LINES);
    try {
      while (running) {
        long room = awaitRoom();
        int drained = room > 0 ? buffer.drainTo(batch, BATCH_LINES, room, POLL_NANOS) : 0;
        if (drained > 0) {
          sendAll(batch);
          batch.clear();
        }
        if (drained > 0 && drained < SMALL_BATCH) {
          LockSupport.parkNanos(LINGER_NANOS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the producer holds less than the limit; returns the room left (0 = closing). */
  private long awaitRoom() throws InterruptedException {
    while (running) {
      if (inflight.tryAcquire(1, POLL_NANOS, TimeUnit.NANOSECONDS)) {
        inflight.release(1);
        return inflight.availablePermits();
      }
    }
    return 0;
  }

  private void sendAll(List<BufferedLine> batch) throws InterruptedException {
    for (BufferedLine line : batch) {
      int weight = Math.min(line.weight(), inflightLimit);
      if (inflight.availablePermits() == inflightLimit) {
        lastProgressNanos = nanoClock.getAsLong();
      }
      inflight.acquire(weight);
      send(line, weight);
    }
  }

  /**
   * Hands one line to the producer. A retriable refusal before the record was queued (metadata
   * missing after a rebootstrap, for one) is retried here, so later lines never overtake it.
   */
  private void send(BufferedLine line, int weight) throws InterruptedException {
    ProducerRecord<byte[], byte[]> record = toRecord(line, timestamps.of(line.timestampNanos()));
    if (DropSpan.INGEST.equals(line.ingest())) {
      metrics.notice();
    }
    while (true) {
      Ack ack = new Ack(weight, nanoClock.getAsLong());
      Exception refused;
      try {
        producer.send(record, ack);
        refused = ack.refusedInline;
      } catch (KafkaException e) {
        refused = e;
      }
      if (refused == null) {
        return;
      }
      if (!running) {
        inflight.release(weight);
        metrics.droppedAtShutdown(1);
        return;
      }
      errorLog.warn("Kafka refused a record, retrying in {} ms: {}", SEND_RETRY_MILLIS,
          refused.toString());
      Thread.sleep(SEND_RETRY_MILLIS);
    }
  }

  /** The log-topic record of {@code line}; a null {@code timestampMillis} leaves it to Kafka. */
  static ProducerRecord<byte[], byte[]> toRecord(BufferedLine line, Long timestampMillis) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Topics.HEADER_INGEST, line.ingest().getBytes(StandardCharsets.US_ASCII));
    return new ProducerRecord<>(Topics.LOGS, null, timestampMillis,
        line.appId().getBytes(StandardCharsets.UTF_8), line.value(), headers);
  }

  /** Stops after moving what is buffered into the producer, then flushes and closes it. */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  void close(Duration limit) {
    long end = nanoClock.getAsLong() + limit.toNanos();
    while (buffer.lines() > 0 && nanoClock.getAsLong() < end && thread.isAlive()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running = false;
    buffer.wakeUp();
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, end - nanoClock.getAsLong())) + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long left = buffer.lines();
    if (left > 0) {
      metrics.droppedAtShutdown(left);
      LOG.warn("{} buffered lines not handed to Kafka before shutdown", left);
    }
    producer.close(Duration.ofNanos(Math.max(0, end - nanoClock.getAsLong())));
  }

  /** Kafka's answer for one record; runs on the producer's I/O thread (or inline, see send). */
  private final class Ack implements Callback {
    private final int weight;
    private final long sentNanos;
    /** Set when send() failed the record on the calling thread with a retriable error. */
    Exception refusedInline;

    Ack(int weight, long sentNanos) {
      this.weight = weight;
      this.sentNanos = sentNanos;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error instanceof RetriableException && Thread.currentThread() == thread) {
        refusedInline = error;
        return;
      }
      inflight.release(weight);
      long now = nanoClock.getAsLong();
      if (error == null) {
        lastProgressNanos = now;
        metrics.produced(sentNanos, now);
      } else {
        metrics.droppedByKafka();
        errorLog.warn("Kafka did not take a record, dropped: {}", error.toString());
      }
    }
  }
}
