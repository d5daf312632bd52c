package io.kloggregator.gateway;

import io.kloggregator.ops.LatencyTimers;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.ops.ReasonCounters;
import io.kloggregator.schemas.LogPartitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's meters. Thread-safe; registered once per {@link Gateway}. */
final class GatewayMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

  /** The drop reasons, each scraped at 0 from the start (see {@link #dropped}). */
  static final List<String> DROP_REASONS =
      List.of("slow_client", "undecodable", "expired", "sink_failed");
  /** The refusals scraped at 0 from the start; others are registered when they happen. */
  static final List<String> REFUSALS = List.of("http_400", "http_401", "http_403", "http_404",
      "http_405", "http_414", "http_431", "http_503", "ws_1002", "ws_1007", "ws_1009");

  private final MeterRegistry registry;
  /** kloggregator.gateway.sockets.open: WebSockets currently open (tail and dump). */
  private final AtomicInteger socketsOpen = new AtomicInteger();
  /** kloggregator.gateway.event_streams.open: Server-Sent Events streams open (RLP /v2/read). */
  private final AtomicInteger eventStreamsOpen = new AtomicInteger();
  /**
   * kloggregator.gateway.subscription_groups.open: shared subscriptions open (firehose
   * subscription ids, RLP shard ids, and each unshared RLP stream as a group of one).
   */
  private final AtomicInteger groupsOpen = new AtomicInteger();
  /** kloggregator.gateway.frames.sent: data frames written to sockets and /recent bodies. */
  private final Counter framesSent;
  /** kloggregator.gateway.dump.latency: time to answer a dump from the streams router. */
  private final Timer dumpLatency;
  private final ReasonCounters drops;
  private final ReasonCounters refusals;
  /**
   * kloggregator.gateway.misplaced.records: log records a partition feed skipped because their
   * key belongs in another partition (a foreign producer's partitioner); the router's relocated
   * copy is tailed instead.
   */
  private final Counter misplaced;
  /** One warning a minute about misplaced records: the gateway reads one log topic. */
  private final RateLimitedLog misplacedLog = new RateLimitedLog(LOG, Duration.ofMinutes(1),
      System::nanoTime);
  private final Map<Integer, AtomicLong> lags = new ConcurrentHashMap<>();
  /**
   * kloggregator.gateway.reads{store=recent|history}: Log Cache reads answered from the router's
   * recent-lines store, or from its history store (a range the recent lines do not cover).
   */
  private final Map<String, Counter> reads = new ConcurrentHashMap<>();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("kloggregator.gateway.sockets.open", socketsOpen, AtomicInteger::get)
        .description("WebSockets currently open").register(registry);
    Gauge.builder("kloggregator.gateway.event_streams.open", eventStreamsOpen,
        AtomicInteger::get).description("Server-Sent Events streams open").register(registry);
    Gauge.builder("kloggregator.gateway.subscription_groups.open", groupsOpen,
        AtomicInteger::get).description("shared subscriptions open").register(registry);
    framesSent = Counter.builder("kloggregator.gateway.frames.sent")
        .description("data frames written to clients").register(registry);
    dumpLatency = LatencyTimers.register(registry, "kloggregator.gateway.dump.latency",
        "time to answer a dump from the streams router");
    drops = new ReasonCounters(registry, "kloggregator.gateway.dropped",
        "lines not delivered, by reason", DROP_REASONS);
    refusals = new ReasonCounters(registry, "kloggregator.gateway.refused",
        "requests and sockets refused, by reason", REFUSALS);
    misplaced = Counter.builder("kloggregator.gateway.misplaced.records")
        .description("log records outside their key's partition, skipped by the tail feeds")
        .register(registry);
    for (String store : new String[] {"recent", "history"}) {
      reads.put(store, Counter.builder("kloggregator.gateway.reads")
          .description("Log Cache reads, by the router store that answered").tag("store", store)
          .register(registry));
    }
  }

  void readServed(String store) {
    reads.get(store).increment();
  }

  double readsServed(String store) {
    return reads.get(store).count();
  }

  void socketOpened() {
    socketsOpen.incrementAndGet();
  }

  void socketClosed() {
    socketsOpen.decrementAndGet();
  }

  void eventStreamOpened() {
    eventStreamsOpen.incrementAndGet();
  }

  void eventStreamClosed() {
    eventStreamsOpen.decrementAndGet();
  }

  void groupOpened() {
    groupsOpen.incrementAndGet();
  }

  void groupClosed() {
    groupsOpen.decrementAndGet();
  }

  int socketsOpen() {
    return socketsOpen.get();
  }

  void framesSent(int count) {
    framesSent.increment(count);
  }

  double framesSent() {
    return framesSent.count();
  }

  /**
   * kloggregator.gateway.dropped{reason}: lines not delivered: slow_client (dropped from a full
   * socket queue), undecodable (record value not a LogMessage), expired (resume cursor older
   * than Kafka's retention, counted in offsets), sink_failed (a socket threw while taking a line).
   */
  void dropped(String reason) {
    dropped(reason, 1);
  }

  void dropped(String reason, long count) {
    drops.increment(reason, count);
  }

  /**
   * kloggregator.gateway.refused{reason}: requests and sockets the gateway turned away:
   * {@code http_<status>} for an HTTP answer or refused upgrade of 400 and above (including
   * requests Vert.x could not parse: 400, 414, 431), {@code ws_<close code>} for a socket closed
   * because its client broke the WebSocket protocol (1002, 1007, 1009).
   */
  void refused(String reason) {
    refusals.increment(reason);
  }

  double refusedCount(String reason) {
    return refusals.count(reason);
  }

  /** A feed skipped a record of {@code topic} found in {@code foundIn}, keyed for another. */
  void recordMisplaced(String topic, int foundIn, int belongsIn) {
    misplaced.increment();
    misplacedLog.warn("{}: a record in partition {} belongs in partition {}; tails skip it and "
        + "show the streams router's relocated copy. A producer writing to this topic "
        + "partitions differently: {}", topic, foundIn, belongsIn, LogPartitions.PRODUCER_HINT);
  }

  double misplacedCount() {
    return misplaced.count();
  }

  double droppedCount(String reason) {
    return drops.count(reason);
  }

  /** kloggregator.gateway.consumer.lag{partition}: records behind the partition's end. */
  void recordLag(int partition, OptionalLong lag) {
    if (lag.isEmpty()) {
      return;
    }
    lags.computeIfAbsent(partition, p -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("kloggregator.gateway.consumer.lag", value, AtomicLong::get)
          .description("records the tail consumer is behind the partition end")
          .tag("partition", Integer.toString(p)).register(registry);
      return value;
    }).set(lag.getAsLong());
  }

  void dumpTook(Duration duration) {
    dumpLatency.record(duration);
  }
}
