package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static io.kloggregator.schemas.proto.LogMessage.MessageType.ERR;
import static io.kloggregator.schemas.proto.LogMessage.MessageType.OUT;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kloggregator.schemas.LogPartitions;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedStack.class)
class GatewayTailIT {

  static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static LocalStack stack;
  static Gateway gateway;
  static Vertx vertx;
  static LogProducer producer;
  static TokenIssuer tokens = new TokenIssuer(SECRET);

  @BeforeAll
  static void startStack(LocalStack shared) {
    stack = shared;
    vertx = Vertx.vertx();
    gateway = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET));
    producer = new LogProducer(stack.bootstrapServers());
  }

  @AfterAll
  static void stopStack() {
    if (producer != null) {
      producer.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  static String token(String app) {
    return tokens.issue(List.of(app), false, Duration.ofMinutes(5));
  }

  @Test
  void tailReceivesTheAppsLinesInOrderWithTheirCursors() {
    String app = "app-tail-order";
    try (WsClient tail = WsClient.open(vertx, gateway.port(), "/tail/?app=" + app + "&format=json",
        token(app))) {
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
  void tailFiltersByTypeSourceInstanceAndText() {
    String app = "app-filters";
    String query = "/tail/?app=" + app + "&type=err&source=rtr&instance=1&contains=needle";
    try (WsClient tail = WsClient.open(vertx, gateway.port(), query, token(app))) {
      producer.send(LogProducer.line(app, "needle wrong type", OUT, "RTR", "1"));
      producer.send(LogProducer.line(app, "needle wrong source", ERR, "App", "1"));
      producer.send(LogProducer.line(app, "needle wrong instance", ERR, "RTR", "0"));
      producer.send(LogProducer.line(app, "no match in text", ERR, "RTR", "1"));
      producer.send(LogProducer.line(app, "a needle that matches", ERR, "RTR", "1"));
      producer.send(LogProducer.line(app, "needle last", ERR, "RTR", "1"));

      await().atMost(PATIENCE).until(() -> tail.texts.size() >= 2);

      assertThat(tail.lineTexts()).containsExactly("a needle that matches", "needle last");
    }
  }

  @Test
  void tailInProtobufFormatSendsTheOriginalsBinaryFrames() throws Exception {
    String app = "app-protobuf";
    try (WsClient tail = WsClient.open(vertx, gateway.port(),
        "/tail/?app=" + app + "&format=protobuf", token(app))) {
      LogMessage sent = LogProducer.line(app, "binary line", ERR, "App", "3");
      producer.send(sent);

      await().atMost(PATIENCE).until(() -> tail.binaries.size() == 1);

      assertThat(LogMessage.parseFrom(tail.binaries.get(0))).isEqualTo(sent);
      assertThat(tail.texts).isEmpty();
    }
  }

  @Test
  void badTailParametersRefuseTheUpgradeWith400() {
    String token = token("x");
    assertThat(List.of("/tail/", "/tail/?app=", "/tail/?app=x&recent=-1",
        "/tail/?app=x&recent=abc", "/tail/?app=x&recent=1000000", "/tail/?app=x&cursor=1",
        "/tail/?app=x&cursor=a:b", "/tail/?app=x&type=DEBUG", "/tail/?app=x&format=xml",
        "/tail/?app=x&instance=first", "/tail/?app=x&colour=red",
        "/tail/?app=x&cursor=0:1&recent=2"))
        .allSatisfy(query -> assertThat(WsClient.upgradeStatus(vertx, gateway.port(), query,
            token)).as(query).isEqualTo(400));
  }

  @Test
  void cursorInAnotherPartitionThanTheAppsIsRefusedWith400() {
    int partition = new LogPartitions(4).partitionOf("x");
    int other = (partition + 1) % 4;
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(),
        "/tail/?app=x&cursor=" + other + ":0", token("x"))).isEqualTo(400);
  }

  @Test
  void unknownPathIsRefusedWith404() {
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/firehose/?app=x", token("x")))
        .isEqualTo(404);
  }

  @Test
  void tokenIsAcceptedAsTheOriginalsAuthorizationQueryParameter() {
    String query = "/tail/?app=x&authorization=bearer%20" + token("x");
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), query, null)).isEqualTo(101);
  }

  @Test
  void expiredTokenIsRefusedWith401() {
    String expired = new TokenIssuer(SECRET, Clock.offset(Clock.systemUTC(),
        Duration.ofHours(-1))).issue(List.of("x"), false, Duration.ofMinutes(5));
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", expired))
        .isEqualTo(401);
  }

  @Test
  void tailWithoutTokenIsRefusedWith401() {
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", null))
        .isEqualTo(401);
  }

  @Test
  void tailWithAnotherAppsTokenIsRefusedWith403WhenAskedForJsonAnd401AsTheOriginal() {
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x&format=json",
        token("y"))).isEqualTo(403);
    assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", token("y")))
        .isEqualTo(401);
  }

  @Test
  void aRefusedUpgradeIsAnsweredInFullAsTheOriginalAnsweredIt() {
    String originalsRequest = "GET /tail/?app=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\nSec-WebSocket-Version: 13\r\n"
        + "authorization: bearer " + token("y");
    try (RawWebSocket raw = RawWebSocket.send(gateway.port(), originalsRequest)) {
      assertThat(raw.response()).startsWith("HTTP/1.1 401 ")
          .containsIgnoringCase("WWW-Authenticate: Basic\r\n")
          .contains("\r\n\r\nYou are not authorized.");
    }
    try (RawWebSocket raw = RawWebSocket.send(gateway.port(),
        RawWebSocket.upgrade("/tail/?app=x&format=json", token("y")))) {
      assertThat(raw.response()).startsWith("HTTP/1.1 403 ").contains("\r\n\r\n")
          .doesNotContainIgnoringCase("WWW-Authenticate");
    }
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
