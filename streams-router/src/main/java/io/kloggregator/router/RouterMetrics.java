package io.kloggregator.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The router's Micrometer meters. Thread-safe; counters are looked up once, except the rare
 * drop counters, which carry a reason tag.
 */
final class RouterMetrics implements RouterEvents {

  private final MeterRegistry registry;
  /** kloggregator.router.lines.stored: log records written to the recent-lines store. */
  private final Counter stored;
  /** kloggregator.router.drain.records: lines written to the drain topic, one per binding. */
  private final Counter drainRecords;
  /** kloggregator.router.query.latency: time to answer /v1/recent, forwarding included. */
  private final Timer queryLatency;

  RouterMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.stored = Counter.builder("kloggregator.router.lines.stored")
        .description("log records written to the recent-lines store").register(registry);
    this.drainRecords = Counter.builder("kloggregator.router.drain.records")
        .description("lines written to the drain topic, one per binding").register(registry);
    this.queryLatency = Timer.builder("kloggregator.router.query.latency")
        .description("time to answer GET /v1/recent").publishPercentiles(0.5, 0.99)
        .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
  }

  Timer queryLatency() {
    return queryLatency;
  }

  @Override
  public void lineStored() {
    stored.increment();
  }

  /** kloggregator.router.lines.dropped{reason}: log records not stored. */
  @Override
  public void lineDropped(String reason) {
    registry.counter("kloggregator.router.lines.dropped", "reason", reason).increment();
  }

  @Override
  public void drainRecordWritten() {
    drainRecords.increment();
  }

  /** kloggregator.router.bindings.dropped{reason}: binding records ignored by the topology. */
  @Override
  public void bindingDropped(String reason) {
    registry.counter("kloggregator.router.bindings.dropped", "reason", reason).increment();
  }
}
