package io.kloggregator.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON, 200 or 503) answers of
 * one component, independent of any HTTP server: {@link OpsServer} serves them for components
 * without one, and the gateway and the streams router answer them on their own Vert.x port from
 * the same instance. Thread-safe when the health supplier is.
 */
public final class OpsEndpoints {

  public static final String METRICS_PATH = "/metrics";
  public static final String HEALTH_PATH = "/health";
  static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String HEALTH_TYPE = "application/json";

  /** One answer: the status code, the {@code Content-Type} and the body (sent as UTF-8). */
  public record Answer(int status, String contentType, String body) {
  }

  private final PrometheusMeterRegistry registry;
  private final Supplier<Health> health;

  public OpsEndpoints(PrometheusMeterRegistry registry, Supplier<Health> health) {
    this.registry = registry;
    this.health = health;
  }

  /** The answer for a request to {@code path}, or empty when it is neither endpoint. */
  public Optional<Answer> answer(String path) {
    if (METRICS_PATH.equals(path)) {
      return Optional.of(new Answer(200, METRICS_TYPE, registry.scrape()));
    }
    if (HEALTH_PATH.equals(path)) {
      Health h = health.get();
      return Optional.of(new Answer(h.healthy() ? 200 : 503, HEALTH_TYPE, h.toJson()));
    }
    return Optional.empty();
  }
}
