package io.kloggregator.router;

import io.kloggregator.ops.LatencyTimers;
import io.kloggregator.ops.RateLimitedLog;
import io.kloggregator.ops.ReasonCounters;
import io.kloggregator.schemas.LogPartitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's Micrometer meters, every counter registered at 0 (drop counters for each known
 * reason). Thread-safe.
 */
final class RouterMetrics implements RouterEvents {

  private static final Logger LOG = LoggerFactory.getLogger(RouterMetrics.class);

  /** kloggregator.router.lines.dropped{reason}: log records not stored. */
  private final ReasonCounters linesDropped;
  /** kloggregator.router.bindings.dropped{reason}: binding records ignored by the topology. */
  private final ReasonCounters bindingsDropped;
  /** kloggregator.router.lines.stored: log records written to the recent-lines store. */
  private final Counter stored;
  /** kloggregator.router.drain.records: lines written to the drain topic, one per binding. */
  private final Counter drainRecords;
  /** kloggregator.router.query.latency: time to answer /v1/recent, forwarding included. */
  private final Timer queryLatency;
  /**
   * kloggregator.router.misplaced.records: log records found outside their key's partition
   * (a foreign producer's partitioner), each relocated to the right one.
   */
  private final Counter misplaced;
  /** One warning a minute about misplaced records: the router reads one log topic. */
  private final RateLimitedLog misplacedLog = new RateLimitedLog(LOG, Duration.ofMinutes(1),
      System::nanoTime);

  RouterMetrics(MeterRegistry registry) {
    this.linesDropped = new ReasonCounters(registry, "kloggregator.router.lines.dropped",
        "log records not stored", LogParser.DROP_REASONS);
    this.bindingsDropped = new ReasonCounters(registry, "kloggregator.router.bindings.dropped",
        "binding records ignored by the topology", BindingKeys.REFUSALS);
    this.stored = Counter.builder("kloggregator.router.lines.stored")
        .description("log records written to the recent-lines store").register(registry);
    this.drainRecords = Counter.builder("kloggregator.router.drain.records")
        .description("lines written to the drain topic, one per binding").register(registry);
    this.misplaced = Counter.builder("kloggregator.router.misplaced.records")
        .description("log records outside their key's partition, relocated to it")
        .register(registry);
    this.queryLatency = LatencyTimers.register(registry, "kloggregator.router.query.latency",
        "time to answer GET /v1/recent");
  }

  Timer queryLatency() {
    return queryLatency;
  }

  @Override
  public void lineStored() {
    stored.increment();
  }

  @Override
  public void lineDropped(String reason) {
    linesDropped.increment(reason);
  }

  @Override
  public void drainRecordWritten() {
    drainRecords.increment();
  }

  @Override
  public void bindingDropped(String reason) {
    bindingsDropped.increment(reason);
  }

  @Override
  public void recordMisplaced(String topic, int foundIn, int belongsIn) {
    misplaced.increment();
    misplacedLog.warn("{}: a record in partition {} belongs in partition {}; relocating it. A "
        + "producer writing to this topic partitions differently: {}", topic, foundIn, belongsIn,
        LogPartitions.PRODUCER_HINT);
  }
}
