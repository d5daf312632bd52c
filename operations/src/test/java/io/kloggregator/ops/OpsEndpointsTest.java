package io.kloggregator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsEndpointsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void metricsAreThePrometheusScrapeAsText() {
    registry.counter("kloggregator.test.sent").increment(2);
    OpsEndpoints endpoints = new OpsEndpoints(registry, () -> Health.up(Map.of()));

    OpsEndpoints.Answer answer = endpoints.answer("/metrics").orElseThrow();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(answer.body()).contains("kloggregator_test_sent_total 2.0");
  }

  @Test
  void unhealthyComponentAnswers503WithItsDetails() {
    OpsEndpoints endpoints = new OpsEndpoints(registry,
        () -> Health.down(Map.of("streams", "REBALANCING")));

    OpsEndpoints.Answer answer = endpoints.answer("/health").orElseThrow();

    assertThat(answer).isEqualTo(new OpsEndpoints.Answer(503, "application/json",
        "{\"status\":\"DOWN\",\"streams\":\"REBALANCING\"}"));
  }

  @Test
  void otherPathsAreNotOpsEndpoints() {
    OpsEndpoints endpoints = new OpsEndpoints(registry, () -> Health.up(Map.of()));

    assertThat(endpoints.answer("/recent")).isEmpty();
    assertThat(endpoints.answer("/health/")).isEmpty();
  }
}
