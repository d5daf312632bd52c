package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dump-then-follow, cursor resume (also across a restart and past retention), two gateways. */
@ExtendWith(SharedStack.class)
class GatewayResumeIT {

  static final String SECRET = GatewayTailIT.SECRET;
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static LocalStack stack;
  static Vertx vertx;
  static LogProducer producer;
  static FakeRouter router;
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  @BeforeAll
  static void startStack(LocalStack shared) throws Exception {
    stack = shared;
    vertx = Vertx.vertx();
    producer = new LogProducer(stack.bootstrapServers());
    router = new FakeRouter(vertx, stack.bootstrapServers(), 4);
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (router != null) {
      router.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  static Gateway startGateway() {
    Gateway gateway = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of(router.url()), 0, SECRET));
    return gateway;
  }

  static String token(String app) {
    return TOKENS.issue(List.of(app), false, Duration.ofMinutes(5));
  }

  static List<String> lines(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
  }

  static void sendAll(String app, List<String> texts) {
    texts.forEach(text -> producer.send(app, text));
  }

  @Test
  void recentThenFollowHasNoGapAndNoDuplicateWhileLinesArrive() throws Exception {
    String app = "app-handoff";
    sendAll(app, lines("l", 0, 30));
    router.lagRecords = 3;
    try (Gateway gateway = startGateway()) {
      CompletableFuture<Void> writing = CompletableFuture.runAsync(
          () -> sendAll(app, lines("l", 30, 230)));

      try (WsClient tail = WsClient.open(vertx, gateway.port(),
          "/tail/?app=" + app + "&recent=10", token(app))) {
        writing.get();
        await().atMost(PATIENCE).until(() -> tail.lineTexts().contains("l229"));

        List<String> got = tail.lineTexts();
        int first = Integer.parseInt(got.get(0).substring(1));
        assertThat(got).hasSizeGreaterThan(10)
            .containsExactlyElementsOf(lines("l", first, 230));
        assertThat(tail.frames()).noneMatch(f -> f.get("type").asText().equals("loss"));
      }
    } finally {
      router.lagRecords = 0;
    }
  }

  @Test
  void recentThenFollowJoinsAFeedAlreadyRunning() throws Exception {
    String app = "app-handoff-shared";
    sendAll(app, lines("m", 0, 20));
    try (Gateway gateway = startGateway();
        WsClient early = WsClient.open(vertx, gateway.port(), jsonTail(app), token(app))) {
      sendAll(app, lines("m", 20, 40));
      await().atMost(PATIENCE).until(() -> early.lineTexts().size() == 20);
      CompletableFuture<Void> writing = CompletableFuture.runAsync(
          () -> sendAll(app, lines("m", 40, 140)));

      try (WsClient late = WsClient.open(vertx, gateway.port(),
          "/tail/?app=" + app + "&recent=5", token(app))) {
        writing.get();
        await().atMost(PATIENCE).until(() -> late.lineTexts().contains("m139"));

        List<String> got = late.lineTexts();
        int first = Integer.parseInt(got.get(0).substring(1));
        assertThat(got).containsExactlyElementsOf(lines("m", first, 140));
        assertThat(first).isGreaterThanOrEqualTo(35);
      }
    }
  }

  @Test
  void cursorResumesWhereTheClientLeftOff() {
    String app = "app-cursor";
    try (Gateway gateway = startGateway()) {
      String cursor;
      try (WsClient tail = WsClient.open(vertx, gateway.port(), jsonTail(app),
          token(app))) {
        sendAll(app, lines("c", 0, 20));
        await().atMost(PATIENCE).until(() -> tail.lineTexts().size() == 20);
        List<JsonNode> frames = tail.frames();
        cursor = frames.get(frames.size() - 1).get("cursor").asText();
      }
      sendAll(app, lines("c", 20, 40));

      try (WsClient resumed = WsClient.open(vertx, gateway.port(),
          "/tail/?app=" + app + "&cursor=" + cursor, token(app))) {
        sendAll(app, lines("c", 40, 45));
        await().atMost(PATIENCE).until(() -> resumed.lineTexts().contains("c44"));

        assertThat(resumed.lineTexts()).containsExactlyElementsOf(lines("c", 20, 45));
      }
    }
  }

  @Test
  void tailResumesByCursorAcrossAGatewayRestartWithoutGap() {
    String app = "app-restart";
    String cursor;
    Gateway first = startGateway();
    try (WsClient tail = WsClient.open(vertx, first.port(), jsonTail(app), token(app))) {
      sendAll(app, lines("r", 0, 20));
      await().atMost(PATIENCE).until(() -> tail.lineTexts().size() == 20);
      List<JsonNode> frames = tail.frames();
      cursor = frames.get(frames.size() - 1).get("cursor").asText();

      first.close();

      await().atMost(PATIENCE).until(() -> tail.closeCode != null);
      assertThat(tail.closeCode).isEqualTo((short) 1001);
    }
    sendAll(app, lines("r", 20, 40));

    try (Gateway second = startGateway();
        WsClient resumed = WsClient.open(vertx, second.port(),
            "/tail/?app=" + app + "&cursor=" + cursor, token(app))) {
      sendAll(app, lines("r", 40, 45));
      await().atMost(PATIENCE).until(() -> resumed.lineTexts().contains("r44"));

      assertThat(resumed.lineTexts()).containsExactlyElementsOf(lines("r", 20, 45));
    }
  }

  @Test
  void cursorOlderThanKafkaHoldsGetsOneLossFrameThenTheRest() throws Exception {
    String app = "app-expired";
    ExpiredCursor expired = expireCursor(app, "e");

    try (Gateway gateway = startGateway();
        WsClient resumed = WsClient.open(vertx, gateway.port(),
            "/tail/?app=" + app + "&cursor=" + expired.cursor(), token(app))) {
      await().atMost(PATIENCE).until(() -> resumed.lineTexts().contains("e9"));

      List<JsonNode> frames = resumed.frames();
      assertThat(frames.get(0).get("type").asText()).isEqualTo("loss");
      assertThat(frames.get(0).get("count").asLong()).isEqualTo(expired.lost());
      assertThat(resumed.lineTexts()).containsExactlyElementsOf(lines("e", 5, 10));
    }
  }

  @Test
  void expiredCursorInProtobufGetsAnLgrErrorMessageThenTheRest() throws Exception {
    String app = "app-expired-pb";
    ExpiredCursor expired = expireCursor(app, "p");

    try (Gateway gateway = startGateway();
        WsClient resumed = WsClient.open(vertx, gateway.port(),
            "/tail/?app=" + app + "&format=protobuf&cursor=" + expired.cursor(), token(app))) {
      await().atMost(PATIENCE).until(() -> resumed.binaries.size() == 6);

      List<LogMessage> messages = new ArrayList<>();
      for (byte[] frame : resumed.binaries) {
        messages.add(LogMessage.parseFrom(frame));
      }
      LogMessage notice = messages.get(0);
      assertThat(resumed.texts).as("no text frame on a binary stream").isEmpty();
      assertThat(notice.getSourceName()).isEqualTo("LGR");
      assertThat(notice.getMessageType()).isEqualTo(LogMessage.MessageType.ERR);
      assertThat(notice.getAppId()).isEqualTo(app);
      assertThat(notice.getMessage().toStringUtf8())
          .startsWith("We've dropped " + expired.lost() + " messages (cursor expired");
      assertThat(messages.subList(1, 6)).extracting(m -> m.getMessage().toStringUtf8())
          .containsExactlyElementsOf(lines("p", 5, 10));
    }
  }

  /** A cursor two lines into {@code app}'s ten, after Kafka deleted the first five. */
  private ExpiredCursor expireCursor(String app, String prefix) throws Exception {
    List<RecordMetadata> sent = lines(prefix, 0, 10).stream()
        .map(text -> producer.send(app, text)).toList();
    TopicPartition tp = new TopicPartition(Topics.LOGS, sent.get(0).partition());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.bootstrapServers()))) {
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(sent.get(5).offset())))
          .all().get();
    }
    return new ExpiredCursor(tp.partition() + ":" + sent.get(2).offset(),
        sent.get(5).offset() - sent.get(2).offset() - 1);
  }

  private record ExpiredCursor(String cursor, long lost) {
  }

  @Test
  void twoGatewaysServeTheSameAppIdentically() {
    String app = "app-two-gateways";
    try (Gateway one = startGateway(); Gateway two = startGateway();
        WsClient a = WsClient.open(vertx, one.port(), jsonTail(app), token(app));
        WsClient b = WsClient.open(vertx, two.port(), jsonTail(app), token(app))) {
      sendAll(app, lines("t", 0, 30));

      await().atMost(PATIENCE).until(() -> a.texts.size() == 30 && b.texts.size() == 30);

      assertThat(a.lineTexts()).containsExactlyElementsOf(lines("t", 0, 30));
      assertThat(b.texts).containsExactlyElementsOf(a.texts);
    }
  }

  /** kloggregator's JSON tail, asked for by name (the original's request gets protobuf). */
  private static String jsonTail(String app) {
    return "/tail/?app=" + app + "&format=json";
  }
}
