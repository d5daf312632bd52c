package io.kloggregator.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one socket's app lines from an older offset up to where the shared feed's replay ring
 * begins, with a private short-lived consumer on a worker thread. A start below what Kafka still
 * holds becomes one loss frame (counted in offsets). Each batch is handed to the event loop and
 * written before the next poll, so a catch-up never outruns its socket by more than one batch.
 */
final class SocketCatchUp {

  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Context loop;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final ExecutorService workers;
  private final GatewayMetrics metrics;

  SocketCatchUp(String topic, Context loop, Supplier<Consumer<byte[], byte[]>> consumers,
      ExecutorService workers, GatewayMetrics metrics) {
    this.topic = topic;
    this.loop = loop;
    this.consumers = consumers;
    this.workers = workers;
    this.metrics = metrics;
  }

  /** Sends {@code socket} its lines in [from, until); completes with the offset reached. */
  Future<Long> read(int partition, long from, long until, TailSubscriber socket) {
    Promise<Long> done = Promise.promise();
    workers.execute(() -> {
      try {
        long reached = readBlocking(new TopicPartition(topic, partition), from, until, socket);
        loop.runOnContext(v -> done.complete(reached));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        loop.runOnContext(v -> done.fail(e));
      } catch (RuntimeException | ExecutionException e) {
        loop.runOnContext(v -> done.fail(e));
      }
    });
    return done.future();
  }

  private long readBlocking(TopicPartition tp, long from, long until, TailSubscriber socket)
      throws InterruptedException, ExecutionException {
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      consumer.assign(List.of(tp));
      long logStart = consumer.beginningOffsets(List.of(tp)).get(tp);
      long position = Math.max(from, logStart);
      consumer.seek(tp, position);
      long lost = Math.max(0, logStart - from);
      if (lost > 0) {
        metrics.dropped("expired", lost);
      }
      while (position < until && !socket.isClosed()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        List<TopicLine> lines = new ArrayList<>();
        long firstTimestamp = 0;
        for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
          if (record.offset() >= until) {
            break;
          }
          firstTimestamp = firstTimestamp == 0 ? record.timestamp() * 1_000_000L : firstTimestamp;
          TopicLine line = TopicLine.fromRecord(record);
          if (line != null && line.appId().equals(socket.appId())) {
            lines.add(line);
          }
        }
        position = Math.min(consumer.position(tp), until);
        if (lost > 0 && (firstTimestamp != 0 || position >= until)) {
          handOver(socket, lines, lost, firstTimestamp);
          lost = 0;
        } else {
          handOver(socket, lines, 0, 0);
        }
      }
      return Math.max(position, until);
    }
  }

  private void handOver(TailSubscriber socket, List<TopicLine> lines, long lost, long lostTo)
      throws InterruptedException, ExecutionException {
    if (lines.isEmpty() && lost == 0) {
      return;
    }
    CompletableFuture<Void> written = new CompletableFuture<>();
    loop.runOnContext(v -> {
      if (lost > 0) {
        socket.noteLoss(lost, 0, lostTo, "cursor expired: Kafka no longer holds these offsets");
        socket.flush();
      }
      lines.forEach(socket::accept);
      written.complete(null);
    });
    written.get();
  }
}
