package io.kloggregator.bridge;

import io.kloggregator.ops.LatencyTimers;
import io.kloggregator.schemas.EnvelopeCodec.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's Micrometer meters, registered once per bridge on the registry it is given. Every
 * per-line event is a counter; the app id is never a tag. Thread-safe.
 */
final class BridgeMetrics {

  /** Tag value for a TCP frame whose length prefix is out of bounds. */
  static final String BAD_FRAME = "bad_frame";

  // kloggregator.bridge.received: datagrams and TCP frames read, before any check.
  private final Counter receivedUdp;
  private final Counter receivedTcp;
  private final Counter receivedGrpc;
  // kloggregator.bridge.grpc.rejected{reason}: v2 envelopes refused (V2Intake).
  private final Map<V2Intake.Reject, Counter> rejectedGrpc = new EnumMap<>(V2Intake.Reject.class);
  // kloggregator.bridge.grpc.truncated: v2 payloads cut by the one truncation rule.
  private final Counter truncatedGrpc;
  // kloggregator.bridge.rejected{reason}: envelopes refused by the codec (or framing).
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Counter rejectedFrame;
  // kloggregator.bridge.produced: records Kafka acknowledged (lines and synthetic notices).
  private final Counter produced;
  // kloggregator.bridge.dropped{reason}: accepted lines that never reached Kafka.
  private final Map<DropSpan.Cause, Counter> dropped = new EnumMap<>(DropSpan.Cause.class);
  private final Counter droppedKafka;
  private final Counter droppedShutdown;
  // kloggregator.bridge.notices: synthetic "N lines dropped" records handed to Kafka.
  private final Counter notices;
  // kloggregator.bridge.produce.latency: from send() to Kafka's acknowledgement.
  private final Timer latency;
  private final MeterRegistry registry;

  BridgeMetrics(MeterRegistry registry) {
    this.registry = registry;
    receivedUdp = received(registry, "udp");
    receivedTcp = received(registry, "tcp");
    receivedGrpc = received(registry, V2Intake.INGEST);
    for (V2Intake.Reject reason : V2Intake.Reject.values()) {
      rejectedGrpc.put(reason, Counter.builder("kloggregator.bridge.grpc.rejected")
          .tag("reason", reason.tag()).description("v2 envelopes refused, by reason")
          .register(registry));
    }
    truncatedGrpc = Counter.builder("kloggregator.bridge.grpc.truncated")
        .description("v2 log payloads cut to the message limit").register(registry);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, rejected(registry, reason.tag()));
    }
    rejectedFrame = rejected(registry, BAD_FRAME);
    produced = Counter.builder("kloggregator.bridge.produced")
        .description("records acknowledged by Kafka").register(registry);
    for (DropSpan.Cause cause : DropSpan.Cause.values()) {
      dropped.put(cause, dropped(registry, cause.tag));
    }
    droppedKafka = dropped(registry, "kafka_error");
    droppedShutdown = dropped(registry, "shutdown");
    notices = Counter.builder("kloggregator.bridge.notices")
        .description("synthetic loss notices written to apps' streams").register(registry);
    latency = LatencyTimers.register(registry, "kloggregator.bridge.produce.latency",
        "time from send to Kafka acknowledgement");
  }

  /** Registers the buffer gauges {@code kloggregator.bridge.buffer.lines} and {@code .bytes}. */
  void watch(LineBuffer buffer, KafkaSender sender) {
    registry.gauge("kloggregator.bridge.buffer.lines", buffer, LineBuffer::lines);
    registry.gauge("kloggregator.bridge.buffer.bytes", buffer, LineBuffer::bytes);
    registry.gauge("kloggregator.bridge.inflight.bytes", sender, KafkaSender::inflightBytes);
  }

  void received(boolean tcp) {
    (tcp ? receivedTcp : receivedUdp).increment();
  }

  /** One v2 envelope received over gRPC, before checks. */
  void receivedGrpc() {
    receivedGrpc.increment();
  }

  void rejectedGrpc(V2Intake.Reject reason) {
    rejectedGrpc.get(reason).increment();
  }

  void truncatedGrpc() {
    truncatedGrpc.increment();
  }

  void rejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  void rejectedFrame() {
    rejectedFrame.increment();
  }

  void dropped(DropSpan.Cause cause) {
    dropped.get(cause).increment();
  }

  void droppedByKafka() {
    droppedKafka.increment();
  }

  void droppedAtShutdown(long count) {
    droppedShutdown.increment(count);
  }

  void notice() {
    notices.increment();
  }

  void produced(long sentNanos, long nowNanos) {
    produced.increment();
    latency.record(nowNanos - sentNanos, TimeUnit.NANOSECONDS);
  }

  private static Counter received(MeterRegistry registry, String transport) {
    return Counter.builder("kloggregator.bridge.received").tag("transport", transport)
        .description("datagrams and frames received, before checks").register(registry);
  }

  private static Counter rejected(MeterRegistry registry, String reason) {
    return Counter.builder("kloggregator.bridge.rejected").tag("reason", reason)
        .description("envelopes refused, by reason").register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder("kloggregator.bridge.dropped").tag("reason", reason)
        .description("accepted lines that did not reach Kafka, by reason").register(registry);
  }
}
