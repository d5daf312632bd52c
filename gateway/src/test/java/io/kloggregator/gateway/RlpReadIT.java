package io.kloggregator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.kloggregator.testkit.SharedStack;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The RLP gateway's {@code GET /v2/read} read with the JDK's plain HTTP client ({@link SseClient})
 * on real Kafka: batches of v2 envelopes, shard sharing, the heartbeat and closing events (on a
 * gateway whose intervals are shortened), and the RLP's refusals.
 */
@ExtendWith(SharedStack.class)
class RlpReadIT {

  static final String SECRET = GatewayTailIT.SECRET;
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final TokenIssuer TOKENS = new TokenIssuer(SECRET);

  static LocalStack stack;
  static Vertx vertx;
  static Gateway gateway;
  static LogProducer producer;

  @BeforeAll
  static void start(LocalStack shared) {
    stack = shared;
    vertx = Vertx.vertx();
    gateway = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET));
    producer = new LogProducer(stack.bootstrapServers());
  }

  @AfterAll
  static void stop() {
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

  static String token(String... apps) {
    return TOKENS.issue(List.of(apps), false, Duration.ofMinutes(5));
  }

  static String admin() {
    return TOKENS.issue(List.of(), true, Duration.ofMinutes(5));
  }

  /** Sends probe lines of {@code app} until every reader has one: the streams are live. */
  static void probeUntilSubscribed(String app, List<SseClient> readers) {
    int[] probe = {0};
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      producer.send(app, "probe " + probe[0]++);
      return readers.stream().allMatch(r -> !r.payloads(List.of(app)).isEmpty());
    });
  }

  @Test
  void readStreamsTheSourcesLinesAsBatchesOfV2Envelopes() throws Exception {
    String app = "app-rlp-read";
    try (SseClient sse = SseClient.open(gateway.port(), "/v2/read?log&source_id=" + app,
        token(app))) {
      assertThat(sse.response.statusCode()).isEqualTo(200);
      assertThat(sse.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(sse.response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      probeUntilSubscribed(app, List.of(sse));
      LogMessage err = LogProducer.line(app, "an ERR line", LogMessage.MessageType.ERR, "RTR",
          "2");
      producer.send(err);
      for (int i = 0; i < 500; i++) {
        producer.sendAsync(LogProducer.line(app, "line " + i, LogMessage.MessageType.OUT, "App",
            "0"));
      }
      producer.flush();
      producer.send("app-rlp-other", "not selected");

      await().atMost(PATIENCE).until(() -> sse.payloads(List.of(app)).contains("line 499"));

      List<String> payloads = sse.payloads(List.of(app)).stream()
          .filter(p -> !p.startsWith("probe ")).toList();
      List<String> expected = new ArrayList<>(List.of("an ERR line"));
      IntStream.range(0, 500).forEach(i -> expected.add("line " + i));
      assertThat(payloads).containsExactlyElementsOf(expected);
      assertThat(sse.envelopes()).allSatisfy(e ->
          assertThat(e.get("source_id").asText()).isEqualTo(app));
      JsonNode first = sse.envelopes().stream()
          .filter(e -> e.get("log").get("type").asText().equals("ERR")).findFirst().orElseThrow();
      assertThat(first.get("timestamp").asText()).isEqualTo(Long.toString(err.getTimestamp()));
      assertThat(first.get("instance_id").asText()).isEqualTo("2");
      assertThat(first.get("tags").get("source_type").asText()).isEqualTo("RTR");
      assertThat(sse.ofType("message").size()).as("a busy stream batches lines")
          .isLessThan(payloads.size());
    }
  }

  @Test
  void readersOfOneShardIdSplitTheLinesWithNoneLostOrTwice() throws Exception {
    List<String> apps = List.of("app-rlp-shard-a", "app-rlp-shard-b");
    String query = "/v2/read?log&source_id=" + apps.get(0) + "&source_id=" + apps.get(1);
    String token = token(apps.get(0), apps.get(1));
    try (SseClient first = SseClient.open(gateway.port(), query + "&shard_id=s1", token);
        SseClient second = SseClient.open(gateway.port(), query + "&shard_id=s1", token);
        SseClient other = SseClient.open(gateway.port(), query + "&shard_id=s2", token)) {
      probeUntilSubscribed(apps.get(0), List.of(first, second, other));
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        producer.send(apps.get(i % 2), "shard " + i);
        sent.add("shard " + i);
      }

      await().atMost(PATIENCE).until(() -> shard(first, apps).size() + shard(second, apps).size()
          >= sent.size() && shard(other, apps).size() == sent.size());

      List<String> a = shard(first, apps);
      List<String> b = shard(second, apps);
      assertThat(a).as("each reader gets a share").isNotEmpty();
      assertThat(b).as("each reader gets a share").isNotEmpty();
      Set<String> union = new HashSet<>(a);
      union.addAll(b);
      assertThat(a.size() + b.size()).as("no line twice").isEqualTo(union.size());
      assertThat(union).as("no line lost").containsExactlyInAnyOrderElementsOf(sent);
      assertThat(shard(other, apps)).containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  static List<String> shard(SseClient reader, List<String> apps) {
    return reader.payloads(apps).stream().filter(p -> p.startsWith("shard ")).toList();
  }

  @Test
  void aQuietStreamGetsHeartbeatsThenTheClosingEvent() throws Exception {
    try (Gateway quick = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET)
        .withRlpTimes(Duration.ofMillis(200), Duration.ofMillis(1500)));
        SseClient sse = SseClient.open(quick.port(), "/v2/read?log&source_id=app-rlp-quiet",
            token("app-rlp-quiet"))) {
      long began = Instant.now().getEpochSecond();

      await().atMost(PATIENCE).until(() -> sse.ended);

      List<SseClient.Event> heartbeats = sse.ofType("heartbeat");
      assertThat(heartbeats.size()).isBetween(3, 8);
      assertThat(heartbeats).allSatisfy(h -> assertThat(Long.parseLong(h.data()))
          .isBetween(began - 1, began + 5));
      assertThat(sse.events.get(sse.events.size() - 1))
          .isEqualTo(new SseClient.Event("closing", "closing due to stream timeout"));
    }
  }

  @Test
  void aStreamOfCountersOnlySelectsNothingButStaysOpen() throws Exception {
    String app = "app-rlp-counters";
    try (Gateway quick = Gateways.started(vertx, GatewayConfig.of(stack.bootstrapServers(),
        List.of("http://127.0.0.1:9"), 0, SECRET)
        .withRlpTimes(Duration.ofMillis(100), Duration.ofSeconds(60)));
        SseClient counters = SseClient.open(quick.port(), "/v2/read?counter&gauge&source_id="
            + app, token(app));
        SseClient logs = SseClient.open(quick.port(), "/v2/read?log&source_id=" + app,
            token(app))) {
      probeUntilSubscribed(app, List.of(logs));

      await().atMost(PATIENCE).until(() -> counters.ofType("heartbeat").size() >= 3);

      assertThat(counters.ofType("message")).isEmpty();
      assertThat(counters.ended).isFalse();
    }
  }

  @Test
  void aSlowReaderGetsCountedLossAsLgrEnvelopesNotUnboundedMemory() throws Exception {
    String app = "app-rlp-slow";
    // ~40 MB of events: more than loopback TCP and the JDK client buffer while the reader waits.
    int count = 5000;
    GatewayConfig base = GatewayConfig.of(stack.bootstrapServers(), List.of("http://127.0.0.1:9"),
        0, SECRET);
    try (Gateway small = Gateways.started(vertx, new GatewayConfig(base.bootstrapServers(),
        base.routerUrls(), "127.0.0.1", 0, base.auth(), 20, 1000, base.pingInterval(),
        base.routerTimeout(), base.maxRecent(), base.rlpHeartbeat(), base.rlpStreamTimeout()));
        SseClient fast = SseClient.open(small.port(), "/v2/read?log&source_id=" + app,
            token(app));
        SseClient slow = SseClient.openPaused(small.port(), "/v2/read?log&source_id=" + app,
            token(app))) {
      probeUntilSubscribed(app, List.of(fast));
      String last = "big " + (count - 1) + " ";

      for (int i = 0; i < count; i++) {
        producer.sendAsync(LogProducer.line(app, "big " + i + " " + GatewaySlowClientIT.PADDING,
            LogMessage.MessageType.OUT, "App", "0"));
      }
      producer.flush();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!fast.lastPayload().startsWith(last) && !fast.ended
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(fast.lastPayload()).as("fast reader: %s events, ended %s (%s)",
          fast.events.size(), fast.ended, fast.failure).startsWith(last);
      slow.resume();
      await().atMost(PATIENCE).until(() -> slow.lastPayload().startsWith(last));

      List<String> payloads = slow.payloads(List.of(app));
      List<JsonNode> notices = slow.envelopes().stream()
          .filter(e -> e.get("tags").path("source_type").asText().equals("LGR")).toList();
      assertThat(notices).isNotEmpty().allSatisfy(notice ->
          assertThat(notice.get("log").get("type").asText()).isEqualTo("ERR"));
      long dropped = payloads.stream().filter(p -> p.startsWith("Log message output too high"))
          .mapToLong(p -> Long.parseLong(p.replaceAll("\\D", ""))).sum();
      long big = payloads.stream().filter(p -> p.startsWith("big ")).count();
      assertThat(big + dropped).as("lines received + lines counted lost").isEqualTo(count);
      assertThat(dropped).isPositive();
      assertThat(fast.payloads(List.of(app)).stream().filter(p -> p.startsWith("big ")))
          .as("a fast reader beside it loses nothing").hasSize(count);
    }
  }

  @Test
  void everyDenialIsA404InTheRlpsForm() throws Exception {
    int port = gateway.port();
    String notFound = "{\"message\":\"resource not found\",\"error\":\"not_found\"}\n\n";

    for (HttpResponse<String> denied : List.of(
        SseClient.get(port, "/v2/read?log&source_id=x", null),
        SseClient.get(port, "/v2/read?log&source_id=x", "not-a-token"),
        SseClient.get(port, "/v2/read?log&source_id=x", token("y")),
        SseClient.get(port, "/v2/read?log&source_id=x&source_id=y", token("y")),
        SseClient.get(port, "/v2/read?log", token("x")),
        SseClient.get(port, "/v2/read", null))) {
      assertThat(denied.statusCode()).isEqualTo(404);
      assertThat(denied.body()).isEqualTo(notFound);
      assertThat(denied.headers().firstValue("Content-Type"))
          .hasValue("text/plain; charset=utf-8");
    }
  }

  @Test
  void badQueriesGet400InTheRlpsForm() throws Exception {
    int port = gateway.port();
    String admin = admin();

    assertThat(SseClient.get(port, "/v2/read", admin))
        .satisfies(r -> assertRlpError(r, "empty_query", "query cannot be empty"));
    assertThat(SseClient.get(port, "/v2/read?source_id=x", admin)).satisfies(r ->
        assertRlpError(r, "missing_envelope_type",
            "query must provide at least one envelope type"));
    assertThat(SseClient.get(port, "/v2/read?log&sorce_id=x", admin))
        .satisfies(r -> assertRlpError(r, "unknown_parameter", null));
    assertThat(SseClient.get(port, "/v2/read?counter.name=", admin)).satisfies(r ->
        assertRlpError(r, "missing_counter_name", "counter.name is invalid without value"));
  }

  private static void assertRlpError(HttpResponse<String> response, String error,
      String message) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("{\"message\":\"")
        .endsWith("\",\"error\":\"" + error + "\"}\n\n");
    if (message != null) {
      assertThat(response.body()).contains("\"message\":\"" + message + "\"");
    }
  }
}
