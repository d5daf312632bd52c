package io.kloggregator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape shows of {@link LatencyTimers} and {@link ReasonCounters}. */
class MetersTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void aLatencyIsAHistogramWithFixedBucketsAndNoQuantiles() {
    LatencyTimers.register(registry, "kloggregator.test.latency", "a test latency")
        .record(Duration.ofMillis(7));

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("kloggregator_test_latency_seconds_bucket{le=\"5.0E-4\"} 0")
        .contains("kloggregator_test_latency_seconds_bucket{le=\"0.005\"} 0")
        .contains("kloggregator_test_latency_seconds_bucket{le=\"0.01\"} 1")
        .contains("kloggregator_test_latency_seconds_bucket{le=\"10.0\"} 1")
        .contains("kloggregator_test_latency_seconds_bucket{le=\"+Inf\"} 1")
        .contains("kloggregator_test_latency_seconds_count 1")
        .doesNotContain("quantile=");
    assertThat(scrape.lines().filter(l -> l.startsWith("kloggregator_test_latency_seconds_bucket")))
        .hasSize(15);
  }

  @Test
  void everyKnownReasonIsScrapedAtZeroBeforeItHappens() {
    new ReasonCounters(registry, "kloggregator.test.dropped", "lines dropped",
        List.of("slow_client", "too_long"));

    assertThat(registry.scrape())
        .contains("kloggregator_test_dropped_total{reason=\"slow_client\"} 0.0")
        .contains("kloggregator_test_dropped_total{reason=\"too_long\"} 0.0");
  }

  @Test
  void anUnknownReasonIsCountedToo() {
    ReasonCounters dropped = new ReasonCounters(registry, "kloggregator.test.dropped",
        "lines dropped", List.of("slow_client"));

    dropped.increment("slow_client");
    dropped.increment("surprise");
    dropped.increment("surprise");

    assertThat(dropped.count("slow_client")).isEqualTo(1);
    assertThat(dropped.count("surprise")).isEqualTo(2);
    assertThat(dropped.count("never")).isZero();
    assertThat(registry.scrape())
        .contains("kloggregator_test_dropped_total{reason=\"surprise\"} 2.0");
  }

  @Test
  void aFamilyWithFixedTagsIsScrapedPerReasonAndRemovedAsAWhole() {
    ReasonCounters failed = new ReasonCounters(registry, "kloggregator.test.failed",
        "failures", io.micrometer.core.instrument.Tags.of("drain", "abc"),
        List.of("connect", "tls"));

    failed.increment("tls", 2);

    assertThat(failed.total()).isEqualTo(2);
    assertThat(registry.scrape())
        .contains("kloggregator_test_failed_total{drain=\"abc\",reason=\"connect\"} 0.0")
        .contains("kloggregator_test_failed_total{drain=\"abc\",reason=\"tls\"} 2.0");
    failed.remove();
    assertThat(registry.scrape()).doesNotContain("kloggregator_test_failed_total");
  }
}
