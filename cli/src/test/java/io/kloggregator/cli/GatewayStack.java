package io.kloggregator.cli;

import io.kloggregator.gateway.Gateway;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.gateway.TokenIssuer;
import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real stack the CLI talks to, on a given testkit broker and etcd: a streams router and a
 * gateway on a fixed free port (so it can be restarted in place), and a producer that writes
 * log-topic records exactly as the ingest bridge does (key = app id, value = serialized
 * LogMessage, record time = message time in ms). Closing it leaves the broker and etcd running.
 */
final class GatewayStack implements AutoCloseable {

  static final String JWT_SECRET = "cli-test-jwt-secret-of-at-least-32-bytes";

  private final LocalStack stack;
  private final StreamsRouter router;
  private final LogProducer producer;
  private final TokenIssuer tokens = new TokenIssuer(JWT_SECRET);
  private final int gatewayPort = FreePorts.pick();
  private final Vertx vertx = Vertx.vertx();
  private Gateway gateway;

  GatewayStack(LocalStack stack) {
    this.stack = stack;
    router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve("router-state"), 0), vertx, registry());
    router.start().await();
    startGateway();
    producer = new LogProducer(stack.bootstrapServers());
  }

  void startGateway() {
    gateway = new Gateway(GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:" + router.httpPort()), gatewayPort, JWT_SECRET), vertx,
        registry(), Clock.systemUTC());
    gateway.start().await();
  }

  private static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  void stopGateway() {
    gateway.close();
  }

  String gatewayUrl() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  String bootstrapServers() {
    return stack.bootstrapServers();
  }

  String token(String app) {
    return tokens.issue(List.of(app), false, Duration.ofMinutes(10));
  }

  /** Writes one line of {@code app} stamped now, as the ingest bridge would. */
  void write(String app, String instance, LogMessage.MessageType type, String text) {
    producer.write(app, instance, type, text, Instant.now());
  }

  /** Writes one line of {@code app} stamped {@code time}. */
  void write(String app, String instance, LogMessage.MessageType type, String text,
      Instant time) {
    producer.write(app, instance, type, text, time);
  }

  @Override
  public void close() {
    try (StreamsRouter r = router) {
      producer.close();
      gateway.close();
    } finally {
      vertx.close().await();
    }
  }
}
