package io.kloggregator.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one gateway configured from the environment (see gateway/README.md) until SIGTERM. */
public final class GatewayMain {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) {
    Gateway gateway;
    try {
      gateway = new Gateway(GatewayConfig.fromEnv(System.getenv()));
      gateway.start();
    } catch (RuntimeException e) {
      LOG.error("gateway failed to start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
  }
}
