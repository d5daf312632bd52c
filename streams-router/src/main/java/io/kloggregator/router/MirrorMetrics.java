package io.kloggregator.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Meters of the etcd bindings mirror. Thread-safe. */
final class MirrorMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger watching = new AtomicInteger();
  private final AtomicInteger bindings = new AtomicInteger();
  /** kloggregator.router.etcd.resyncs: full re-lists after a watch error or failed write. */
  private final Counter resyncs;

  MirrorMetrics(MeterRegistry registry) {
    this.registry = registry;
    /* kloggregator.router.etcd.watching: 1 while the etcd watch is established, else 0. */
    Gauge.builder("kloggregator.router.etcd.watching", watching, AtomicInteger::get)
        .description("1 while the etcd bindings watch is established").register(registry);
    /* kloggregator.router.bindings: drain bindings currently mirrored from etcd. */
    Gauge.builder("kloggregator.router.bindings", bindings, AtomicInteger::get)
        .description("drain bindings mirrored from etcd").register(registry);
    this.resyncs = Counter.builder("kloggregator.router.etcd.resyncs")
        .description("full re-lists of etcd bindings after an error").register(registry);
  }

  void watching(boolean established) {
    watching.set(established ? 1 : 0);
  }

  boolean isWatching() {
    return watching.get() == 1;
  }

  void bindings(int count) {
    bindings.set(count);
  }

  int bindings() {
    return bindings.get();
  }

  void resync() {
    resyncs.increment();
  }

  /** kloggregator.router.bindings.skipped{reason}: etcd entries not mirrored (bad key or URL). */
  void skipped(String reason) {
    registry.counter("kloggregator.router.bindings.skipped", "reason", reason).increment();
  }
}
