package io.kloggregator.drain;

import io.kloggregator.ops.ExitCodes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one drain forwarder configured from the environment (see README). */
public final class DrainForwarderMain {

  private static final Logger LOG = LoggerFactory.getLogger(DrainForwarderMain.class);

  private DrainForwarderMain() {
  }

  public static void main(String[] args) {
    ForwarderConfig config =
        ExitCodes.configOrExit(() -> ForwarderConfig.fromEnv(System.getenv()), LOG);
    Vertx vertx = Vertx.vertx();
    DrainForwarder forwarder = new DrainForwarder(config, vertx,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    try {
      forwarder.start();
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", e.getMessage(), e);
      System.exit(ExitCodes.START_FAILED);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      forwarder.close();
      vertx.close();
    }, "shutdown"));
  }
}
