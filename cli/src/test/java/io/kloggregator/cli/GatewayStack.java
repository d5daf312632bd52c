package io.kloggregator.cli;

import com.google.protobuf.ByteString;
import io.kloggregator.gateway.Gateway;
import io.kloggregator.gateway.GatewayConfig;
import io.kloggregator.gateway.TokenIssuer;
import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real stack the CLI talks to: testkit's KRaft broker and etcd, a streams router and a
 * gateway on a fixed free port (so it can be restarted in place), and a producer that writes
 * log-topic records exactly as the ingest bridge does (key = app id, value = serialized
 * LogMessage, record time = message time in ms).
 */
final class GatewayStack implements AutoCloseable {

  static final String JWT_SECRET = "cli-test-jwt-secret-of-at-least-32-bytes";

  private final LocalStack stack;
  private final StreamsRouter router;
  private final KafkaProducer<String, byte[]> producer;
  private final TokenIssuer tokens = new TokenIssuer(JWT_SECRET);
  private final int gatewayPort = FreePorts.pick();
  private Gateway gateway;

  GatewayStack() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve("router-state"), 0));
    router.start();
    startGateway();
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
  }

  void startGateway() {
    gateway = new Gateway(GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:" + router.httpPort()), gatewayPort, JWT_SECRET));
    gateway.start();
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

  /** Writes one line of {@code app} stamped now. */
  void write(String app, String instance, LogMessage.MessageType type, String text) {
    write(app, instance, type, text, Instant.now());
  }

  /** Writes one line of {@code app} stamped {@code time}, and waits for Kafka's ack. */
  void write(String app, String instance, LogMessage.MessageType type, String text,
      Instant time) {
    LogMessage message = LogMessage.newBuilder().setAppId(app).setSourceName("App")
        .setSourceId(instance).setMessageType(type)
        .setTimestamp(time.getEpochSecond() * 1_000_000_000L + time.getNano())
        .setMessage(ByteString.copyFromUtf8(text)).build();
    try {
      producer.send(new ProducerRecord<>(Topics.LOGS, null, time.toEpochMilli(), app,
          message.toByteArray())).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to Kafka", e);
    }
  }

  @Override
  public void close() {
    try (LocalStack s = stack; StreamsRouter r = router) {
      producer.close(Duration.ofSeconds(5));
      gateway.close();
    }
  }
}
