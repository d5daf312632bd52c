package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kloggregator.testkit.LocalStack;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayTailIT {

  static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static LocalStack stack;
  static Gateway gateway;
  static Vertx vertx;
  static LogProducer producer;
  static TokenIssuer tokens = new TokenIssuer(SECRET);

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    gateway = new Gateway(GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET));
    gateway.start();
    vertx = Vertx.vertx();
    producer = new LogProducer(stack.bootstrapServers());
  }

  @AfterAll
  static void stopStack() {
    if (producer != null) {
      producer.close();
    }
    if (vertx != null) {
      vertx.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static String token(String app) {
    return tokens.issue(List.of(app), false, Duration.ofMinutes(5));
  }

  @Test
  void tailReceivesTheAppsLinesInOrderWithTheirCursors() {
    String app = "app-tail-order";
    try (WsClient tail = WsClient.open(vertx, gateway.port(), "/tail/?app=" + app, token(app))) {
      List<RecordMetadata> sent = IntStream.range(0, 50)
          .mapToObj(i -> producer.send(app, "line " + i)).toList();
      producer.send("another-app", "not for this tail");

      await().atMost(PATIENCE).until(() -> tail.texts.size() >= 50);

      List<JsonNode> frames = tail.frames();
      assertThat(tail.lineTexts()).containsExactlyElementsOf(
          IntStream.range(0, 50).mapToObj(i -> "line " + i).toList());
      JsonNode first = frames.get(0);
      assertThat(first.get("app").asText()).isEqualTo(app);
      assertThat(first.get("source").asText()).isEqualTo("App");
      assertThat(first.get("instance").asText()).isEqualTo("0");
      assertThat(first.get("type").asText()).isEqualTo("OUT");
      assertThat(first.get("timestamp").asLong()).isPositive();
      assertThat(first.get("cursor").asText())
          .isEqualTo(sent.get(0).partition() + ":" + sent.get(0).offset());
    }
  }

  @Test
  void tailWithoutTokenIsRefusedWith401() {
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", null))
        .isEqualTo(401);
  }

  @Test
  void tailWithAnotherAppsTokenIsRefusedWith403() {
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", token("y")))
        .isEqualTo(403);
  }

  @Test
  void tailWithForgedTokenIsRefusedWith401() {
    String forged = new TokenIssuer("another-secret-of-at-least-32-bytes!!!")
        .issue(List.of("x"), true, Duration.ofMinutes(5));
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", forged))
        .isEqualTo(401);
  }

  @Test
  void adminTokenMayTailAnyApp() {
    String admin = tokens.issue(List.of(), true, Duration.ofMinutes(5));
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", admin))
        .isEqualTo(101);
  }
}
