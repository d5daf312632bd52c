package io.kloggregator.router;

import io.kloggregator.ops.ExitCodes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one streams-router instance configured from {@code KLOGGREGATOR_*} variables, or with
 * {@code replay ...} arguments rewinds the stopped application (see {@link RouterReplay}).
 */
public final class StreamsRouterMain {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsRouterMain.class);

  private StreamsRouterMain() {
  }

  public static void main(String[] args) {
    RouterConfig config = ExitCodes.configOrExit(() -> RouterConfig.fromEnv(System.getenv()), LOG);
    try {
      if (args.length > 0) {
        new RouterReplay(config).run(List.of(args));
        return;
      }
      Vertx vertx = Vertx.vertx();
      StreamsRouter router = new StreamsRouter(config, vertx,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        router.close();
        vertx.close().await();
      }, "router-shutdown"));
      router.start().await();
    } catch (RuntimeException e) {
      LOG.error("streams router failed: {}", e.getMessage(), e);
      System.exit(ExitCodes.START_FAILED);
    }
  }
}
