package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /recent, /dump/, the router's 503, /metrics, /health and shutdown. */
@ExtendWith(SharedStack.class)
class GatewayDumpIT {

  static final String SECRET = GatewayTailIT.SECRET;
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Vertx vertx;
  static LogProducer producer;
  static FakeRouter router;
  static Gateway gateway;
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  @BeforeAll
  static void startStack(LocalStack stack) throws Exception {
    vertx = Vertx.vertx();
    producer = new LogProducer(stack.bootstrapServers());
    router = new FakeRouter(vertx, stack.bootstrapServers(), 4);
    gateway = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9", router.url()), 0, SECRET));
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
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

  static String token(String app) {
    return TOKENS.issue(List.of(app), false, Duration.ofMinutes(5));
  }

  static HttpResponse<byte[]> get(String pathAndQuery, String token, String accept)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static void sendLines(String app, int count) {
    IntStream.range(0, count).forEach(i -> producer.send(app, "d" + i));
  }

  @Test
  void recentReturnsTheLastLinesOldestFirstAsJsonLines() throws Exception {
    String app = "app-recent";
    sendLines(app, 12);

    HttpResponse<byte[]> response = get("/recent?app=" + app + "&n=5", token(app), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text(response).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(l -> l.get("text").asText())
        .containsExactly("d7", "d8", "d9", "d10", "d11");
    assertThat(lines.get(0).get("cursor").asText()).matches("\\d+:\\d+");
  }

  @Test
  void recentInTheOriginalFormatIsMultipartProtobuf() throws Exception {
    String app = "app-recent-proto";
    sendLines(app, 3);

    HttpResponse<byte[]> response = get("/recent?app=" + app, token(app),
        "multipart/x-protobuf");

    assertThat(response.statusCode()).isEqualTo(200);
    String type = response.headers().firstValue("Content-Type").orElseThrow();
    assertThat(type).startsWith("multipart/x-protobuf; boundary=");
    String boundary = type.substring(type.indexOf("boundary=") + 9);
    assertThat(parts(response.body(), boundary)).extracting(
        p -> LogMessage.parseFrom(p).getMessage().toStringUtf8()).containsExactly("d0", "d1", "d2");
  }

  /** Lines as the original's sources sent them: OUT and ERR, App and RTR, three instances. */
  static List<LogMessage> sendMixedLines(String app, int count) {
    List<LogMessage> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LogMessage line = LogProducer.line(app, "m" + i,
          i % 2 == 0 ? LogMessage.MessageType.OUT : LogMessage.MessageType.ERR,
          i % 3 == 0 ? "RTR" : "App", Integer.toString(i % 3));
      producer.sendAsync(line);
      sent.add(line);
    }
    producer.flush();
    return sent;
  }

  static void assertSameLines(List<LogMessage> received, List<LogMessage> sent) {
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      LogMessage got = received.get(i);
      LogMessage want = sent.get(i);
      assertThat(got.getMessage().toStringUtf8()).isEqualTo(want.getMessage().toStringUtf8());
      assertThat(got.getMessageType()).isEqualTo(want.getMessageType());
      assertThat(got.getTimestamp()).isEqualTo(want.getTimestamp());
      assertThat(got.getAppId()).isEqualTo(want.getAppId());
      assertThat(got.getSourceName()).isEqualTo(want.getSourceName());
      assertThat(got.getSourceId()).isEqualTo(want.getSourceId());
    }
  }

  static List<LogMessage> parsed(List<byte[]> frames) throws Exception {
    List<LogMessage> messages = new ArrayList<>();
    for (byte[] frame : frames) {
      messages.add(LogMessage.parseFrom(frame));
    }
    return messages;
  }

  /** {@code GET /recent?app=} as the 2014 consumer sends it: no Accept, either token form. */
  @Test
  void recentAsTheOriginalConsumerAsksIsMultipartProtobuf() throws Exception {
    String app = "app-original-recent";
    List<LogMessage> sent = sendMixedLines(app, 7);

    HttpResponse<byte[]> header = get("/recent?app=" + app, token(app), null);
    HttpResponse<byte[]> query = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + gateway.port() + "/recent?app=" + app
            + "&authorization=bearer%20" + token(app))).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    for (HttpResponse<byte[]> response : List.of(header, query)) {
      assertThat(response.request().headers().firstValue("Accept")).isEmpty();
      assertThat(response.statusCode()).isEqualTo(200);
      String type = response.headers().firstValue("Content-Type").orElseThrow();
      assertThat(type).startsWith("multipart/x-protobuf; boundary=");
      String boundary = type.substring(type.indexOf("boundary=") + 9);
      assertSameLines(parsed(parts(response.body(), boundary)), sent);
    }
  }

  /** {@code ws /tail/?app=} and {@code ws /dump/?app=} as the 2014 consumer opens them. */
  @Test
  void tailAndDumpAsTheOriginalConsumerAsksSendBinaryLogMessages() throws Exception {
    String app = "app-original-ws";
    try (WsClient tail = WsClient.open(vertx, gateway.port(), "/tail/?app=" + app, token(app))) {
      List<LogMessage> sent = sendMixedLines(app, 30);
      await().atMost(PATIENCE).until(() -> tail.binaries.size() >= 30);
      assertThat(tail.texts).isEmpty();
      assertSameLines(parsed(tail.binaries), sent);

      try (WsClient dump = WsClient.open(vertx, gateway.port(),
          "/dump/?app=" + app + "&authorization=bearer%20" + token(app), null)) {
        await().atMost(PATIENCE).until(() -> dump.closeCode != null);
        assertThat(dump.texts).isEmpty();
        assertSameLines(parsed(dump.binaries), sent);
        assertThat(dump.closeCode).isEqualTo((short) 1000);
      }
    }
  }

  @Test
  void theOriginalConsumerIsRefusedWith401ForAMissingOrForeignToken() throws Exception {
    for (String path : List.of("/tail/?app=x", "/dump/?app=x")) {
      assertThat(WsClient.upgradeStatus(vertx, gateway.port(), path, null)).isEqualTo(401);
      assertThat(WsClient.upgradeStatus(vertx, gateway.port(), path, token("y")))
          .isEqualTo(401);
      assertThat(WsClient.upgradeStatus(vertx, gateway.port(),
          path + "&authorization=" + token("y"), null)).isEqualTo(401);
    }
  }

  @Test
  void recentRefusesMissingTokenForeignTokenAndBadParameters() throws Exception {
    HttpResponse<byte[]> none = get("/recent?app=x", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic");
    assertThat(text(none)).startsWith("You are not authorized.");
    HttpResponse<byte[]> foreign = get("/recent?app=x", token("y"), null);
    assertThat(foreign.statusCode()).isEqualTo(401);
    assertThat(text(foreign)).startsWith("You are not authorized.");
    HttpResponse<byte[]> foreignJson = get("/recent?app=x&format=json", token("y"), null);
    assertThat(foreignJson.statusCode()).isEqualTo(403);
    assertThat(get("/recent?app=x&format=json", null, null).headers()
        .firstValue("WWW-Authenticate")).hasValue("Bearer");
    HttpResponse<byte[]> badN = get("/recent?app=x&n=lots", token("x"), null);
    assertThat(badN.statusCode()).isEqualTo(400);
    assertThat(text(badN)).contains("n must be an integer in 1..1000, was 'lots'");
    HttpResponse<byte[]> noApp = get("/recent", token("x"), null);
    assertThat(noApp.statusCode()).isEqualTo(400);
    assertThat(text(noApp)).contains("Invalid AppId");
  }

  @Test
  void routerRebalancingGivesA503WithRetryAfter() throws Exception {
    router.busy = true;
    try {
      HttpResponse<byte[]> response = get("/recent?app=x", token("x"), null);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/dump/?app=x", token("x")))
          .isEqualTo(503);
    } finally {
      router.busy = false;
    }
  }

  @Test
  void dumpSendsTheRecentLinesThenClosesWith1000() {
    String app = "app-dump";
    sendLines(app, 4);

    try (WsClient dump = WsClient.open(vertx, gateway.port(),
        "/dump/?app=" + app + "&format=json", token(app))) {
      await().atMost(PATIENCE).until(() -> dump.closeCode != null);

      assertThat(dump.lineTexts()).containsExactly("d0", "d1", "d2", "d3");
      assertThat(dump.closeCode).isEqualTo((short) 1000);
    }
  }

  @Test
  void recentFiltersBeforeTakingTheLastN() throws Exception {
    String app = "app-recent-filtered";
    sendMixed(app);

    HttpResponse<byte[]> errors = get("/recent?app=" + app + "&n=2&type=err&format=json",
        token(app), null);
    HttpResponse<byte[]> notBoom = get("/recent?app=" + app
        + "&n=3&regex=%5EBOOM&ignore_case=true&negate=true&format=json", token(app), null);

    assertThat(errors.statusCode()).isEqualTo(200);
    assertThat(jsonTexts(errors)).containsExactly("boom 1", "boom 2");
    assertThat(jsonTexts(notBoom)).containsExactly("d7", "d8", "d9");
  }

  @Test
  void dumpFiltersBeforeTakingTheLastN() {
    String app = "app-dump-filtered";
    sendMixed(app);

    try (WsClient dump = WsClient.open(vertx, gateway.port(),
        "/dump/?app=" + app + "&format=json&n=2&instance=1&contains=boom", token(app))) {
      await().atMost(PATIENCE).until(() -> dump.closeCode != null);

      assertThat(dump.lineTexts()).containsExactly("boom 1", "boom 2");
      assertThat(dump.closeCode).isEqualTo((short) 1000);
    }
  }

  @Test
  void badFiltersAre400WithTheReason() throws Exception {
    String app = "app-bad-filter";
    HttpResponse<byte[]> badRegex = get("/recent?app=" + app + "&regex=%5B&format=json",
        token(app), null);
    HttpResponse<byte[]> badStream = get("/recent?app=" + app + "&type=warn", token(app), null);
    HttpResponse<byte[]> protobufRegex = get("/recent?app=" + app + "&regex=x&format=protobuf",
        token(app), null);

    assertThat(badRegex.statusCode()).isEqualTo(400);
    assertThat(text(badRegex)).contains("regex is not a valid pattern: Unclosed character class");
    assertThat(badStream.statusCode()).isEqualTo(400);
    assertThat(text(badStream)).contains("type must be OUT or ERR, was 'warn'");
    assertThat(protobufRegex.statusCode()).isEqualTo(400);
    assertThat(text(protobufRegex)).contains("regex is taken with format=json only");
  }

  /** Three ERR lines of instance 1 ("boom 0..2"), then ten newer OUT lines ("d0".."d9"). */
  private static void sendMixed(String app) {
    for (int i = 0; i < 3; i++) {
      producer.send(LogProducer.line(app, "boom " + i, LogMessage.MessageType.ERR, "App", "1"));
    }
    sendLines(app, 10);
  }

  private static List<String> jsonTexts(HttpResponse<byte[]> response) throws Exception {
    List<String> texts = new ArrayList<>();
    for (String line : text(response).split("\n")) {
      texts.add(JSON.readTree(line).get("text").asText());
    }
    return texts;
  }

  @Test
  void dumpInProtobufFormatSendsTheOriginalsBinaryFrames() throws Exception {
    String app = "app-dump-proto";
    sendLines(app, 2);

    try (WsClient dump = WsClient.open(vertx, gateway.port(),
        "/dump/?app=" + app + "&format=protobuf", token(app))) {
      await().atMost(PATIENCE).until(() -> dump.closeCode != null);

      assertThat(dump.binaries).hasSize(2);
      assertThat(LogMessage.parseFrom(dump.binaries.get(1)).getMessage().toStringUtf8())
          .isEqualTo("d1");
      assertThat(dump.closeCode).isEqualTo((short) 1000);
    }
  }

  @Test
  void startFailsFastWhenThePortIsBusy(LocalStack stack) {
    Gateway second = Gateways.of(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of(router.url()), gateway.port(), SECRET));

    assertThatThrownBy(() -> second.start().await()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gateway cannot listen on 0.0.0.0:" + gateway.port());
  }

  @Test
  void metricsAndHealthAreServedOnTheGatewayPort() throws Exception {
    HttpResponse<byte[]> metrics = get("/metrics", null, null);
    HttpResponse<byte[]> health = get("/health", null, null);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(text(metrics)).contains("kloggregator_gateway_sockets_open",
        "kloggregator_gateway_frames_sent_total", "kloggregator_gateway_dump_latency");
    assertThat(text(metrics)).as("dump latency is a histogram, so it adds up across gateways")
        .contains("kloggregator_gateway_dump_latency_seconds_bucket{le=\"0.01\"}")
        .doesNotContain("quantile=");
    assertThat(text(metrics)).as("every drop reason is scraped from the start")
        .contains(GatewayMetrics.DROP_REASONS.stream()
            .map(r -> "kloggregator_gateway_dropped_total{reason=\"" + r + "\"}").toList());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathIs404AndTailWithoutUpgradeIs400() throws Exception {
    assertThat(get("/v2/apps", null, null).statusCode()).isEqualTo(404);
    assertThat(get("/tail/?app=x", token("x"), null).statusCode()).isEqualTo(400);
  }

  static List<byte[]> parts(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (body.length >= start + 2 && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start += 4; // CRLF CRLF: no part headers
      int next = indexOf(body, delimiter, start);
      parts.add(Arrays.copyOfRange(body, start, next - 2));
      at = next;
    }
    return parts;
  }

  static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
