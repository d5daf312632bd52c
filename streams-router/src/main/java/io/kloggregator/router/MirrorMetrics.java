package io.kloggregator.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.kloggregator.ops.ReasonCounters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Meters of the etcd bindings mirror. Thread-safe. */
final class MirrorMetrics {

  static final String BAD_ETCD_KEY = "bad_etcd_key";
  static final String NOT_UTF8 = "not_utf8";

  /** kloggregator.router.bindings.skipped{reason}: etcd entries not mirrored (bad key or URL). */
  private final ReasonCounters skipped;
  private final AtomicInteger watching = new AtomicInteger();
  private final AtomicInteger bindings = new AtomicInteger();
  /** kloggregator.router.etcd.resyncs: full re-lists after a watch error or failed write. */
  private final Counter resyncs;

  MirrorMetrics(MeterRegistry registry) {
    List<String> reasons = new ArrayList<>(List.of(BAD_ETCD_KEY, NOT_UTF8));
    reasons.addAll(BindingKeys.REFUSALS);
    this.skipped = new ReasonCounters(registry, "kloggregator.router.bindings.skipped",
        "etcd binding entries not mirrored", reasons);
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

  void skipped(String reason) {
    skipped.increment(reason);
  }
}
