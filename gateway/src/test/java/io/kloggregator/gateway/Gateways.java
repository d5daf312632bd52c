package io.kloggregator.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Builds gateways for tests as GatewayMain does, on the test's own {@code Vertx}. */
final class Gateways {

  private Gateways() {
  }

  static Gateway of(Vertx vertx, GatewayConfig config) {
    return new Gateway(config, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC());
  }

  /** A gateway that is listening; throws what its start failed with. */
  static Gateway started(Vertx vertx, GatewayConfig config) {
    Gateway gateway = of(vertx, config);
    gateway.start().await();
    return gateway;
  }
}
