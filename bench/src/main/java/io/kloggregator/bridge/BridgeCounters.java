package io.kloggregator.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** A snapshot of the bridge's per-line counters, to diff before and after a run. */
record BridgeCounters(long receivedUdp, Map<String, Long> rejected, long produced,
    Map<String, Long> dropped) {

  static BridgeCounters of(MeterRegistry registry) {
    return new BridgeCounters(
        (long) registry.get("kloggregator.bridge.received").tag("transport", "udp").counter()
            .count(),
        byReason(registry, "kloggregator.bridge.rejected"),
        (long) registry.get("kloggregator.bridge.produced").counter().count(),
        byReason(registry, "kloggregator.bridge.dropped"));
  }

  /** The UDP receive counter alone, cheap enough to poll in a send loop. */
  static LongSupplier receivedUdp(MeterRegistry registry) {
    Counter received = registry.get("kloggregator.bridge.received").tag("transport", "udp")
        .counter();
    return () -> (long) received.count();
  }

  /** This snapshot minus {@code before}; reasons that did not change are left out. */
  BridgeCounters minus(BridgeCounters before) {
    return new BridgeCounters(receivedUdp - before.receivedUdp,
        diff(rejected, before.rejected), produced - before.produced,
        diff(dropped, before.dropped));
  }

  long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<String, Long> byReason(MeterRegistry registry, String name) {
    Map<String, Long> counts = new TreeMap<>();
    for (Counter counter : registry.get(name).counters()) {
      counts.merge(counter.getId().getTag("reason"), (long) counter.count(), Long::sum);
    }
    return counts;
  }

  private static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((reason, count) -> {
      long delta = count - before.getOrDefault(reason, 0L);
      if (delta != 0) {
        out.put(reason, delta);
      }
    });
    return out;
  }
}
