package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One deliberately slow client beside fast ones, and a hopeless one. */
@ExtendWith(SharedStack.class)
class GatewaySlowClientIT {

  static final String SECRET = GatewayTailIT.SECRET;
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String PADDING = "x".repeat(6000);

  static LocalStack stack;
  static Vertx vertx;
  static LogProducer producer;
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  @BeforeAll
  static void startStack(LocalStack shared) {
    stack = shared;
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
  }

  static Gateway startGateway(int queue, int hopelessLossFrames) {
    GatewayConfig base = GatewayConfig.of(stack.bootstrapServers(), List.of("http://127.0.0.1:9"),
        0, SECRET);
    return Gateways.started(vertx, new GatewayConfig(base.bootstrapServers(),
        base.routerUrls(), "127.0.0.1", 0, base.auth(), queue, hopelessLossFrames,
        base.pingInterval(), base.routerTimeout(), base.maxRecent(), base.rlpHeartbeat(),
        base.rlpStreamTimeout()));
  }

  static String token(String app) {
    return TOKENS.issue(List.of(app), false, Duration.ofMinutes(5));
  }

  static void sendBigLines(String app, int count) {
    for (int i = 0; i < count; i++) {
      producer.sendAsync(LogProducer.line(app, "big " + i + " " + PADDING,
          LogMessage.MessageType.OUT, "App", "0"));
    }
    producer.flush();
  }

  static boolean hasLine(WsClient client, int number) {
    List<String> texts = client.texts;
    return !texts.isEmpty() && texts.get(texts.size() - 1).contains("\"big " + number + " ");
  }

  static List<Integer> lineNumbers(WsClient client) {
    return client.lineTexts().stream().map(t -> Integer.parseInt(t.split(" ")[1])).toList();
  }

  @Test
  void slowClientGetsALossFrameWhileFastOnesGetEverything() {
    String app = "app-slow";
    int count = 1500;
    try (Gateway gateway = startGateway(20, 1000)) {
      List<WsClient> fast = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        fast.add(WsClient.open(vertx, gateway.port(), jsonTail(app), token(app)));
      }
      WsClient slow = WsClient.openSmallBuffer(vertx, gateway.port(), jsonTail(app),
          token(app));
      slow.socket().pause();

      sendBigLines(app, count);

      await().atMost(PATIENCE).until(() -> fast.stream().allMatch(c -> c.texts.size() == count));
      slow.socket().resume();
      await().atMost(PATIENCE).until(() -> hasLine(slow, count - 1));

      for (WsClient client : fast) {
        assertThat(lineNumbers(client)).as("a fast client gets every line in order")
            .isEqualTo(java.util.stream.IntStream.range(0, count).boxed().toList());
        assertThat(client.frames()).noneMatch(f -> f.get("type").asText().equals("loss"));
      }
      List<JsonNode> losses = slow.frames().stream()
          .filter(f -> f.get("type").asText().equals("loss")).toList();
      long lost = losses.stream().mapToLong(f -> f.get("count").asLong()).sum();
      assertThat(losses).isNotEmpty();
      assertThat(losses.get(0).get("from").asLong())
          .isLessThanOrEqualTo(losses.get(0).get("to").asLong());
      assertThat(lineNumbers(slow)).isSorted().doesNotHaveDuplicates();
      assertThat(lineNumbers(slow).size() + lost).isEqualTo(count);
      assertThat(slow.closeCode).isNull();
      fast.forEach(WsClient::close);
      slow.close();
    }
  }

  @Test
  void hopelessClientIsClosedWith4002AndAReason() {
    String app = "app-hopeless";
    try (Gateway gateway = startGateway(10, 2);
        WsClient fast = WsClient.open(vertx, gateway.port(), jsonTail(app), token(app));
        WsClient hopeless = WsClient.openSmallBuffer(vertx, gateway.port(), jsonTail(app),
            token(app))) {
      hopeless.socket().pause();

      sendBigLines(app, 1500);
      await().atMost(PATIENCE).until(() -> fast.texts.size() == 1500);
      hopeless.socket().resume();

      await().atMost(PATIENCE).until(() -> hopeless.closeCode != null);
      assertThat(hopeless.closeCode).isEqualTo((short) 4002);
      assertThat(hopeless.closeReason).startsWith("too slow");
      assertThat(fast.closeCode).isNull();
    }
  }

  @Test
  void theOriginalClientsLossNoticeIsAnErrLogMessageFromLgrInABinaryFrame() throws Exception {
    String app = "app-slow-original";
    int count = 1500;
    try (Gateway gateway = startGateway(20, 1000)) {
      WsClient fast = WsClient.open(vertx, gateway.port(), "/tail/?app=" + app, token(app));
      WsClient slow = WsClient.openSmallBuffer(vertx, gateway.port(), "/tail/?app=" + app,
          token(app));
      slow.socket().pause();

      sendBigLines(app, count);

      await().atMost(PATIENCE).until(() -> fast.binaries.size() == count);
      slow.socket().resume();
      String last = "big " + (count - 1) + " ";
      await().atMost(PATIENCE).until(() -> !slow.binaries.isEmpty() && LogMessage.parseFrom(
          slow.binaries.get(slow.binaries.size() - 1)).getMessage().toStringUtf8()
          .startsWith(last));

      assertThat(slow.texts).as("no JSON frame reaches a binary client").isEmpty();
      List<LogMessage> frames = new ArrayList<>();
      for (byte[] frame : slow.binaries) {
        frames.add(LogMessage.parseFrom(frame));
      }
      List<LogMessage> notices = frames.stream()
          .filter(m -> m.getSourceName().equals("LGR")).toList();
      assertThat(notices).isNotEmpty().allSatisfy(notice -> {
        assertThat(notice.getMessageType()).isEqualTo(LogMessage.MessageType.ERR);
        assertThat(notice.getAppId()).isEqualTo(app);
        assertThat(notice.getTimestamp()).isPositive();
        assertThat(notice.getMessage().toStringUtf8())
            .matches("Log message output too high\\. We've dropped \\d+ messages");
      });
      long dropped = notices.stream().mapToLong(n -> Long.parseLong(
          n.getMessage().toStringUtf8().replaceAll("\\D", ""))).sum();
      assertThat(frames.size() - notices.size() + dropped).isEqualTo(count);
      slow.close();
      fast.close();
    }
  }

  /** kloggregator's JSON tail, asked for by name (the original's request gets protobuf). */
  private static String jsonTail(String app) {
    return "/tail/?app=" + app + "&format=json";
  }
}
