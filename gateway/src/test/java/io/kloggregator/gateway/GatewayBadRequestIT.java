package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-input suite for the gateway: malformed tokens, query strings, headers, non-WebSocket
 * requests to WebSocket paths and garbage frames, each refused with a clear HTTP status or close
 * code and counted in {@code kloggregator_gateway_refused_total{reason}} (read from /metrics),
 * while a valid tail opened first keeps getting every line in order (checked after each test).
 */
@ExtendWith(SharedStack.class)
class GatewayBadRequestIT {

  private static final String SECRET = GatewayTailIT.SECRET;
  private static final String LIVE_APP = "app-bad-input-live";
  private static final TokenIssuer TOKENS = new TokenIssuer(SECRET);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static Gateway gateway;
  private static Vertx vertx;
  private static LogProducer producer;
  private static WsClient live;
  private static final List<String> LIVE_SENT = new ArrayList<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(LocalStack stack) {
    vertx = Vertx.vertx();
    gateway = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET));
    producer = new LogProducer(stack.bootstrapServers());
    live = WsClient.open(vertx, gateway.port(), "/tail/?app=" + LIVE_APP + "&format=json",
        token(LIVE_APP));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {live, producer, gateway, vertx::close}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @AfterEach
  void validTailKeepsGettingEveryLineInOrder() {
    for (int i = 0; i < 5; i++) {
      String text = "live " + LIVE_SENT.size();
      producer.send(LIVE_APP, text);
      LIVE_SENT.add(text);
    }
    await().atMost(Duration.ofSeconds(60))
        .until(() -> live.lineTexts().size() >= LIVE_SENT.size());
    assertThat(live.lineTexts()).containsExactlyElementsOf(LIVE_SENT);
    assertThat(live.closeCode).isNull();
  }

  @Test
  void malformedForgedAndWrongAlgorithmTokensAreRefusedWith401() throws Exception {
    long exp = Instant.now().plusSeconds(300).getEpochSecond();
    String claims = "{\"apps\":[\"x\"],\"exp\":" + exp + "}";
    String valid = token("x");
    String[] parts = valid.split("\\.");
    byte[] noise = new byte[3000];
    new Random(3).nextBytes(noise);
    List<String> tokens = List.of("garbage", "a.b.c", "..", "...", B64.encodeToString(noise),
        jws("{\"alg\":\"none\"}", claims, null),
        jws("{\"alg\":\"HS384\"}", claims, "HmacSHA384"),
        jws("{\"alg\":\"HS512\"}", claims, "HmacSHA512"),
        b64("{\"alg\":\"RS256\"}") + "." + parts[1] + "." + parts[2],
        parts[0] + "." + parts[1] + ".",
        parts[0] + "." + b64("{\"apps\":[],\"admin\":true,\"exp\":" + exp + "}") + "."
            + parts[2],
        jws("{\"alg\":\"HS256\"}", "{\"apps\":[\"x\"]}", "HmacSHA256"),
        jws("{\"alg\":\"HS256\"}", "{\"apps\":\"x\",\"exp\":" + exp + "}", "HmacSHA256"),
        jws("{\"alg\":\"HS256\"}", "{\"apps\":[1,2],\"exp\":" + exp + "}", "HmacSHA256"),
        jws("{\"alg\":\"HS256\"}", "{\"apps\":[\"x\"],\"exp\":\"soon\"}", "HmacSHA256"),
        jws("{\"alg\":\"HS256\"", claims, "HmacSHA256"));

    double refusedBefore = refused("http_401");
    for (String bad : tokens) {
      assertThat(WsClient.upgradeStatus(vertx, gateway.port(), "/tail/?app=x", bad))
          .as("tail with %s", bad).isEqualTo(401);
      assertThat(get("/recent?app=x", "Bearer " + bad).statusCode())
          .as("recent with %s", bad).isEqualTo(401);
    }
    assertThat(get("/recent?app=x", "Basic " + valid).statusCode()).isEqualTo(401);
    assertThat(get("/recent?app=x", "Bearer").statusCode()).isEqualTo(401);
    assertThat(refused("http_401") - refusedBefore).as("401s counted")
        .isEqualTo(2.0 * tokens.size() + 2);
    assertThat(jws("{\"alg\":\"HS256\"}", claims, "HmacSHA256")).as("control: a good token")
        .satisfies(good -> assertThat(WsClient.upgradeStatus(vertx, gateway.port(),
            "/tail/?app=x", good)).isEqualTo(101));
  }

  @Test
  void queryStringsThatAreMalformedNotUtf8RepeatedOrOutOfRangeAreRefusedWith400()
      throws Exception {
    String token = token("x");
    // The gateway's handlers see and count these; Vert.x answers the two URIs it cannot decode
    // (%zz, a lone %) itself, before any handler: a 400 all the same, counted by no one.
    List<String> queries = List.of("/tail/?app=%FF%FE", "/tail/?app=x&app=y",
        "/tail/?app=x&recent=99999999999999999999", "/tail/?app=x&instance=-1",
        "/tail/?app=x&cursor=-1:-1", "/tail/?app=x&cursor=0:99999999999999999999",
        "/dump/?app=x&n=0", "/dump/?app=x&n=%00", "/recent?app=x&n=0", "/recent?app=%C3%28");
    List<String> undecodable = List.of("/tail/?app=%zz", "/dump/?app=x%", "/recent?app=%zz");
    double refusedBefore = refused("http_400");
    Map<String, String> answers = statusLines(queries, token);
    double counted = refused("http_400") - refusedBefore;
    answers.putAll(statusLines(undecodable, token));

    assertThat(answers).allSatisfy((query, status) -> assertThat(status).as(query)
        .isEqualTo("HTTP/1.1 400 Bad Request"));
    assertThat(counted).as("400s counted").isEqualTo(queries.size());
  }

  /** Each request's status line, sent raw: exactly as written, whatever a client would escape. */
  private static Map<String, String> statusLines(List<String> pathsAndQueries, String token) {
    Map<String, String> answers = new LinkedHashMap<>();
    for (String pathAndQuery : pathsAndQueries) {
      String head = pathAndQuery.startsWith("/recent")
          ? "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          : RawWebSocket.upgrade(pathAndQuery, token);
      try (RawWebSocket raw = RawWebSocket.send(gateway.port(), head)) {
        answers.put(pathAndQuery, raw.statusLine());
      } catch (UncheckedIOException e) {
        answers.put(pathAndQuery, e.toString());
      }
    }
    return answers;
  }

  @Test
  void oversizedRequestLinesAndHeadersAreRefusedBeforeTheUpgrade() throws Exception {
    String token = token("x");
    double uriBefore = refused("http_414");
    double headersBefore = refused("http_431");
    try (RawWebSocket longUri = RawWebSocket.send(gateway.port(),
        RawWebSocket.upgrade("/tail/?app=" + "x".repeat(20_000), token));
        RawWebSocket bigHeader = RawWebSocket.send(gateway.port(),
            RawWebSocket.upgrade("/tail/?app=x", token) + "\r\nX-Padding: " + "p".repeat(20_000));
        RawWebSocket manyHeaders = RawWebSocket.send(gateway.port(),
            RawWebSocket.upgrade("/tail/?app=x", token) + "\r\nX-A: 1".repeat(3_000))) {

      // Netty answers a request line it could not read as HTTP/1.0.
      assertThat(longUri.statusLine()).matches("HTTP/1\\.[01] 414 .*");
      assertThat(bigHeader.statusLine()).matches("HTTP/1\\.[01] 431 .*");
      assertThat(manyHeaders.statusLine()).matches("HTTP/1\\.[01] 431 .*");
    }
    assertThat(refused("http_414") - uriBefore).isEqualTo(1.0);
    assertThat(refused("http_431") - headersBefore).isEqualTo(2.0);
  }

  @Test
  void requestsToWebSocketPathsThatAreNotValidUpgradesAreRefusedWithAReason() throws Exception {
    String token = token("x");
    HttpResponse<String> plain = get("/tail/?app=x", "Bearer " + token);
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/dump/?app=x"))
        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    String upgrade = RawWebSocket.upgrade("/tail/?app=x", token);
    try (RawWebSocket oldVersion = RawWebSocket.send(gateway.port(),
        upgrade.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 99"));
        RawWebSocket noKey = RawWebSocket.send(gateway.port(),
            upgrade.replace("Sec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\n", ""));
        RawWebSocket notHttp = RawWebSocket.send(gateway.port(), "\u0016\u0003\u0001garbage")) {

      assertThat(plain.statusCode()).isEqualTo(400);
      assertThat(plain.body()).contains("needs a WebSocket upgrade");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(oldVersion.statusLine()).startsWith("HTTP/1.1 4");
      assertThat(noKey.statusLine()).startsWith("HTTP/1.1 4");
      assertThat(notHttp.statusLine()).matches("HTTP/1\\.[01] 400 .*");
    }
  }

  @Test
  void clientFramesAreIgnoredAndTheTailKeepsStreaming() {
    String app = "app-chatty-client";
    try (WsClient chatty = WsClient.open(vertx, gateway.port(),
        "/tail/?app=" + app + "&format=json", token(app))) {
      chatty.socket().writeTextMessage("{\"subscribe\": \"everything\"}");
      chatty.socket().writeBinaryMessage(Buffer.buffer(new byte[] {0, 1, 2, (byte) 0xFF}));
      chatty.socket().writeTextMessage("x".repeat(60_000));
      chatty.socket().writePing(Buffer.buffer("ping"));

      producer.send(app, "after the chatter");

      await().atMost(Duration.ofSeconds(60)).until(() -> chatty.lineTexts().size() == 1);
      assertThat(chatty.lineTexts()).containsExactly("after the chatter");
      assertThat(chatty.closeCode).isNull();
    }
  }

  @Test
  void protocolViolationsCloseOnlyTheOffendingSocket() throws Exception {
    String token = token("x");
    double protocolBefore = refused("ws_1002");
    byte[] badUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF};
    try (RawWebSocket unmasked = open(token);
        RawWebSocket huge = open(token);
        RawWebSocket invalidText = open(token);
        RawWebSocket junk = open(token);
        RawWebSocket reserved = open(token)) {

      unmasked.frame(0x1, "hello".getBytes(StandardCharsets.UTF_8), false);
      huge.frame(0x2, new byte[1 << 20], true);
      invalidText.frame(0x1, badUtf8, true);
      junk.write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x13, 0x37, 0x42, 0x42, 0x42});
      reserved.frame(0x3, new byte[4], true);

      assertThat(unmasked.awaitClose()).as("unmasked").isEqualTo(1002);
      assertThat(huge.awaitClose()).as("huge").isEqualTo(1009);
      assertThat(invalidText.awaitClose()).as("invalid text").isEqualTo(1007);
      assertThat(junk.awaitClose()).as("junk").isEqualTo(1002);
      assertThat(reserved.awaitClose()).as("reserved").isEqualTo(1002);
    }
    assertThat(refused("ws_1002") - protocolBefore).isEqualTo(3.0);
    assertThat(refused("ws_1009")).isEqualTo(1.0);
    assertThat(refused("ws_1007")).isEqualTo(1.0);
  }

  /** The gateway's kloggregator_gateway_refused_total for {@code reason}, from /metrics. */
  private static double refused(String reason) throws Exception {
    String prefix = "kloggregator_gateway_refused_total{reason=\"" + reason + "\"";
    return get("/metrics", null).body().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static RawWebSocket open(String token) {
    RawWebSocket raw = RawWebSocket.send(gateway.port(), RawWebSocket.upgrade("/tail/?app=x",
        token));
    assertThat(raw.statusLine()).startsWith("HTTP/1.1 101");
    return raw;
  }

  private static String token(String app) {
    return TOKENS.issue(List.of(app), false, Duration.ofMinutes(10));
  }

  private static HttpResponse<String> get(String pathAndQuery, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery);
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A compact JWS of {@code header} and {@code claims}, MACed with the gateway's secret. */
  private static String jws(String header, String claims, String macAlgorithm) throws Exception {
    String signingInput = b64(header) + "." + b64(claims);
    if (macAlgorithm == null) {
      return signingInput + ".";
    }
    Mac mac = Mac.getInstance(macAlgorithm);
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), macAlgorithm));
    return signingInput + "." + B64.encodeToString(mac.doFinal(
        signingInput.getBytes(StandardCharsets.US_ASCII)));
  }
}
