package io.kloggregator.gateway;

import io.kloggregator.schemas.LogFilter;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.schemas.proto.StoredLine;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A stand-in for the streams router's query API ({@code GET /v1/recent}), answering from the log
 * topic itself, with the router's {@link LogFilter} applied before the last n are taken.
 * {@code lagRecords} leaves the partition's newest records out, as a store that has
 * not caught up would; {@code busy} answers 503 + Retry-After as a rebalancing router does.
 */
final class FakeRouter implements AutoCloseable {

  private final Vertx vertx;
  private final String bootstrap;
  private final LogPartitions partitions;
  private final HttpServer server;
  volatile int lagRecords;
  volatile boolean busy;

  FakeRouter(Vertx vertx, String bootstrap, int partitionCount) throws Exception {
    this.vertx = vertx;
    this.bootstrap = bootstrap;
    this.partitions = new LogPartitions(partitionCount);
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    if (busy) {
      request.response().setStatusCode(503).putHeader("Retry-After", "7").end("rebalancing");
      return;
    }
    String app = request.getParam("app");
    String n = request.getParam("n");
    if (app == null || n == null) {
      request.response().setStatusCode(400).end("app and n are required");
      return;
    }
    LogFilter filter = LogFilter.parse(request::getParam);
    vertx.executeBlocking(() -> read(app, Integer.parseInt(n), filter)).onComplete(ar -> {
      if (ar.failed()) {
        request.response().setStatusCode(500).end(ar.cause().toString());
        return;
      }
      request.response().putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ar.result().toByteArray()));
    });
  }

  private RecentLines read(String app, int n, LogFilter filter) throws Exception {
    TopicPartition tp = new TopicPartition(Topics.LOGS, partitions.partitionOf(app));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp) - lagRecords;
      consumer.seekToBeginning(List.of(tp));
      ArrayDeque<StoredLine> lines = new ArrayDeque<>();
      long nextOffset = -1;
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= end) {
            break;
          }
          LogMessage message = LogMessage.parseFrom(record.value());
          if (message.getAppId().equals(app)) {
            nextOffset = record.offset() + 1;
          }
          if (message.getAppId().equals(app) && filter.matches(message)) {
            lines.addLast(StoredLine.newBuilder().setLogMessage(message)
                .setPartition(tp.partition()).setOffset(record.offset()).build());
            if (lines.size() > n) {
              lines.removeFirst();
            }
          }
        }
      }
      return RecentLines.newBuilder().setAppId(app).addAllLines(lines)
          .setPartition(tp.partition())
          .setNextOffset(nextOffset).build();
    }
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
