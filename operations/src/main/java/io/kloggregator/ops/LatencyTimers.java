package io.kloggregator.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * The one way a component times a headline latency: a Micrometer timer published as a Prometheus
 * histogram with fixed buckets from 0.5 ms to 10 s ({@code _bucket{le=...}}, {@code _sum},
 * {@code _count}), so latencies aggregate across instances with {@code histogram_quantile} and
 * every instance exposes the same buckets. Client-side percentiles (summaries) are not published:
 * they cannot be added up.
 */
public final class LatencyTimers {

  /** Bucket bounds in microseconds: 0.5, 1, 2, 5, 10, 20, 50 ms ... 10 s. */
  private static final Duration[] BUCKETS = LongStream.of(500, 1_000, 2_000, 5_000, 10_000,
          20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000)
      .mapToObj(Duration::ofNanos).map(d -> d.multipliedBy(1_000)).toArray(Duration[]::new);

  private LatencyTimers() {
  }

  /** Registers (or finds) the histogram timer {@code name} on {@code registry}. */
  public static Timer register(MeterRegistry registry, String name, String description) {
    return Timer.builder(name).description(description)
        .serviceLevelObjectives(BUCKETS)
        .minimumExpectedValue(BUCKETS[0])
        .maximumExpectedValue(BUCKETS[BUCKETS.length - 1])
        .register(registry);
  }
}
