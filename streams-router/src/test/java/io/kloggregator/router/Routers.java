package io.kloggregator.router;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/** Builds routers for tests as StreamsRouterMain does, on the test's own {@code Vertx}. */
final class Routers {

  private Routers() {
  }

  static StreamsRouter of(Vertx vertx, RouterConfig config) {
    return new StreamsRouter(config, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }
}
