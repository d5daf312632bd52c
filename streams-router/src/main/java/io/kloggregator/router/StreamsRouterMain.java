package io.kloggregator.router;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one streams-router instance configured from {@code KLOGGREGATOR_*} variables. */
public final class StreamsRouterMain {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsRouterMain.class);

  private StreamsRouterMain() {
  }

  public static void main(String[] args) {
    StreamsRouter router;
    try {
      router = new StreamsRouter(RouterConfig.fromEnv(System.getenv()));
      Runtime.getRuntime().addShutdownHook(new Thread(router::close, "router-shutdown"));
      router.start();
    } catch (RuntimeException e) {
      LOG.error("streams router failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
