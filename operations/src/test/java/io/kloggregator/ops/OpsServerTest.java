package io.kloggregator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesPrometheusMetricsAndHealthThatTurnsUnhealthy() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("kloggregator.test.received").increment(3);
    AtomicBoolean kafkaUp = new AtomicBoolean(true);
    try (OpsServer ops = OpsServer.start("127.0.0.1", 0, registry,
        () -> kafkaUp.get() ? Health.up(Map.of("kafka", "reachable"))
            : Health.down(Map.of("kafka", "unreachable for 31 s")))) {

      HttpResponse<String> metrics = get(ops, "/metrics");
      HttpResponse<String> healthy = get(ops, "/health");
      kafkaUp.set(false);
      HttpResponse<String> unhealthy = get(ops, "/health");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("kloggregator_test_received_total 3.0");
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).isEqualTo("{\"status\":\"UP\",\"kafka\":\"reachable\"}");
      assertThat(unhealthy.statusCode()).isEqualTo(503);
      assertThat(unhealthy.body()).contains("\"status\":\"DOWN\"", "unreachable for 31 s");
      assertThat(get(ops, "/nothing").statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
