package io.kloggregator.gateway;

import io.kloggregator.ops.ExitCodes;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one gateway configured from the environment (see gateway/README.md) until SIGTERM. */
public final class GatewayMain {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) {
    GatewayConfig config =
        ExitCodes.configOrExit(() -> GatewayConfig.fromEnv(System.getenv()), LOG);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx();
    // Reads the token key file: a bad one is a configuration error too.
    Gateway gateway = ExitCodes.configOrExit(
        () -> new Gateway(config, vertx, registry, Clock.systemUTC()), LOG);
    try {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      gateway.start().await();
    } catch (RuntimeException e) {
      LOG.error("gateway failed to start: {}", e.getMessage());
      System.exit(ExitCodes.START_FAILED);
      return;
    }
    Gateway started = gateway;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      started.close();
      vertx.close().await();
    }, "gateway-shutdown"));
  }
}
