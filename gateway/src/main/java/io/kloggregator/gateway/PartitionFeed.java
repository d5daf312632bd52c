package io.kloggregator.gateway;

import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.schemas.LogPartitions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log-topic partition read once for every socket watching an app in it. A Kafka consumer
 * (assigned, no group) polls on its own thread from the partition's end and hands each batch to
 * the event loop, where lines fan out to the sinks of their app and enter a small
 * {@link ReplayRing}. A record outside its key's partition ({@link LogPartitions}) is skipped and
 * counted: the streams router writes a copy to the right partition, whose feed delivers it, so
 * a foreign producer's line is tailed once, by the app's sockets and the firehose alike.
 * Sinks, the ring and {@link #nextOffset} are confined to the event loop; at most a few batches
 * are in flight, so a busy loop slows the consumer instead of growing a queue.
 */
final class PartitionFeed {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionFeed.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int BATCHES_IN_FLIGHT = 4;
  /** The replay ring's bytes: its line limit at up to 512 bytes a record. */
  private static final int RING_BYTES_PER_LINE = 512;

  private final TopicPartition partition;
  private final LogPartitions placement;
  private final Context loop;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final GatewayMetrics metrics;
  private final int ringLimit;
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10),
      System::nanoTime);
  private final Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
  private final Promise<Long> ready = Promise.promise();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Consumer<byte[], byte[]> consumer;

  // Event-loop confined.
  private final Map<String, List<LineSink>> sinks = new HashMap<>();
  /** Sinks of every app's lines (their {@link LineSink#appId} is null), such as the firehose. */
  private List<LineSink> everyApp = List.of();
  private ReplayRing ring;
  private long nextOffset = -1;
  private int sinkCount;

  PartitionFeed(TopicPartition partition, LogPartitions placement, Context loop,
      Supplier<Consumer<byte[], byte[]>> consumers, GatewayMetrics metrics, int ringLimit) {
    this.partition = partition;
    this.placement = placement;
    this.loop = loop;
    this.consumers = consumers;
    this.metrics = metrics;
    this.ringLimit = ringLimit;
    this.thread = new Thread(this::run, "gateway-feed-" + partition);
    this.thread.setDaemon(true);
  }

  /** Starts polling; the future completes on the loop once the end offset is known. */
  Future<Long> start() {
    thread.start();
    return ready.future();
  }

  int partition() {
    return partition.partition();
  }

  /** Offset of the next line the feed will deliver (loop only). */
  long nextOffset() {
    return nextOffset;
  }

  /** Smallest offset the replay ring still covers (loop only). */
  long ringStart() {
    return ring == null ? -1 : ring.start();
  }

  int sinkCount() {
    return sinkCount;
  }

  /**
   * Adds a sink that receives its app's lines from {@code from} on (loop only): lines the ring
   * still holds are replayed first. {@code from} must be >= {@link #ringStart()} or -1 (live).
   */
  void join(LineSink sink, long from) {
    if (sink.appId() == null) {
      everyApp = with(everyApp, sink);
      sinkCount++;
      return;
    }
    if (from >= 0 && from < nextOffset && ring != null) {
      ring.replay(from, sink.appId(), (offset, raw) -> {
        TopicLine line = TopicLine.decode(raw, partition.partition(), offset);
        if (line != null && line.appId().equals(sink.appId())) {
          sink.accept(line);
        }
      });
    }
    sinks.put(sink.appId(), with(sinks.getOrDefault(sink.appId(), List.of()), sink));
    sinkCount++;
  }

  private static List<LineSink> with(List<LineSink> current, LineSink sink) {
    List<LineSink> next = new ArrayList<>(current.size() + 1);
    next.addAll(current);
    next.add(sink);
    return List.copyOf(next);
  }

  /** Removes a sink (loop only); returns true when it was the last one. */
  boolean leave(LineSink sink) {
    if (sink.appId() == null) {
      if (everyApp.contains(sink)) {
        List<LineSink> next = new ArrayList<>(everyApp);
        next.remove(sink);
        everyApp = List.copyOf(next);
        sinkCount--;
      }
      return sinkCount == 0;
    }
    List<LineSink> current = sinks.get(sink.appId());
    if (current == null || !current.contains(sink)) {
      return sinkCount == 0;
    }
    List<LineSink> next = new ArrayList<>(current);
    next.remove(sink);
    if (next.isEmpty()) {
      sinks.remove(sink.appId());
    } else {
      sinks.put(sink.appId(), List.copyOf(next));
    }
    sinkCount--;
    return sinkCount == 0;
  }

  /** Stops the consumer thread and tells every sink (loop only). */
  void close(String reason) {
    running = false;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    for (List<LineSink> list : List.copyOf(sinks.values())) {
      list.forEach(sink -> sink.feedClosed(reason));
    }
    everyApp.forEach(sink -> sink.feedClosed(reason));
    everyApp = List.of();
    sinks.clear();
    sinkCount = 0;
  }

  /** Waits for the consumer thread to finish (not on the loop). */
  void awaitStopped(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
  }

  private void run() {
    try (Consumer<byte[], byte[]> c = consumers.get()) {
      consumer = c;
      c.assign(List.of(partition));
      c.seekToEnd(List.of(partition));
      long end = c.position(partition);
      loop.runOnContext(v -> {
        nextOffset = end;
        ring = new ReplayRing(ringLimit, ringLimit * RING_BYTES_PER_LINE, end);
        ready.tryComplete(end);
      });
      LOG.info("feed {} started at offset {}", partition, end);
      while (running) {
        ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
        metrics.recordLag(partition.partition(), c.currentLag(partition));
        if (!records.isEmpty()) {
          handOver(decode(records));
        }
      }
    } catch (WakeupException e) {
      LOG.debug("feed {} woken up to stop", partition);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!running) {
        // The gateway is closing: the consumer or the event loop went away under the poll.
        LOG.debug("feed {} ended while stopping: {}", partition, e.toString());
      } else {
        LOG.warn("feed {} failed: {}", partition, e.toString());
        failOnLoop(e);
      }
    }
    LOG.info("feed {} stopped", partition);
  }

  private void failOnLoop(RuntimeException e) {
    try {
      loop.runOnContext(v -> {
        ready.tryFail(e);
        close("log feed failed: " + e.getMessage());
      });
    } catch (RejectedExecutionException closed) {
      LOG.debug("feed {}: event loop already closed", partition);
    }
  }

  private Batch decode(ConsumerRecords<byte[], byte[]> records) {
    List<TopicLine> lines = new ArrayList<>(records.count());
    long last = -1;
    for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
      last = record.offset();
      if (placement.isMisplaced(record.key(), record.partition(), record.headers())) {
        metrics.recordMisplaced(partition.topic(), record.partition(),
            placement.partitionOf(record.key()));
        continue;
      }
      TopicLine line = TopicLine.fromRecord(record);
      if (line == null) {
        metrics.dropped("undecodable");
      } else {
        lines.add(line);
      }
    }
    return new Batch(lines, last + 1);
  }

  private void handOver(Batch batch) throws InterruptedException {
    while (!inFlight.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
      if (!running) {
        return;
      }
    }
    loop.runOnContext(v -> {
      try {
        deliver(batch);
      } finally {
        inFlight.release();
      }
    });
  }

  private void deliver(Batch batch) {
    for (TopicLine line : batch.lines()) {
      ring.add(line.offset(), line.appId(), line.raw());
      List<LineSink> list = sinks.get(line.appId());
      if (list != null) {
        for (LineSink sink : list) {
          offer(sink, line);
        }
      }
      for (LineSink sink : everyApp) {
        offer(sink, line);
      }
    }
    nextOffset = Math.max(nextOffset, batch.nextOffset());
  }

  /** One sink's failure must not cost the others their line. */
  private void offer(LineSink sink, TopicLine line) {
    try {
      sink.accept(line);
    } catch (RuntimeException e) {
      metrics.dropped("sink_failed");
      failures.warn("feed {}: a socket failed to take a line: {}", partition, e.toString());
    }
  }

  private record Batch(List<TopicLine> lines, long nextOffset) {
  }
}
