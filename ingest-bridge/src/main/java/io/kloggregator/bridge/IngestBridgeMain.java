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
    BridgeConfig config = ExitCodes.configOrExit(() -> BridgeConfig.fromEnv(System.getenv()), LOG);
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
