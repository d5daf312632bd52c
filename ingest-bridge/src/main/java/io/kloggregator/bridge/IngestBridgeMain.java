package io.kloggregator.bridge;

import io.kloggregator.ops.ExitCodes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingest bridge configured from the environment (see ingest-bridge/README.md). */
public final class IngestBridgeMain {

  private static final Logger LOG = LoggerFactory.getLogger(IngestBridgeMain.class);

  private IngestBridgeMain() {
  }

  public static void main(String[] args) {
    BridgeConfig config;
    try {
      config = BridgeConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("bad configuration: {}", e.getMessage());
      System.exit(ExitCodes.BAD_CONFIG);
      return;
    }
    IngestBridge bridge;
    try {
      bridge = new IngestBridge(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      bridge.start();
    } catch (RuntimeException e) {
      LOG.error("ingest bridge failed to start: {}", e.getMessage());
      System.exit(ExitCodes.START_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "bridge-shutdown"));
    LOG.info("ingest bridge up: udp {} tcp {} ops {}", bridge.udpPort(), bridge.tcpPort(),
        bridge.opsPort());
  }
}
