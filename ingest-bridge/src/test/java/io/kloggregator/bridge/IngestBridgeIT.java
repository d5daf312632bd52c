package io.kloggregator.bridge;

import static io.kloggregator.testkit.TestUdpSender.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.kloggregator.schemas.EnvelopeCodec.SignatureMode.LEGACY;
import static org.awaitility.Awaitility.await;

import io.kloggregator.ops.net.IpNetwork;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TestLogTopicReader;
import io.kloggregator.testkit.TestUdpSender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.kloggregator.testkit.FreePorts;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBridgeIT {

  private static final String SECRET = "it-secret";

  private LocalStack stack;
  private PrometheusMeterRegistry registry;
  private IngestBridge bridge;
  private final EnvelopeCodec codec = new EnvelopeCodec(SharedSecret.of(SECRET), true);

  @BeforeAll
  void startStackAndBridge() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bridge = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(), SECRET, 0), registry);
    bridge.start();
  }

  @AfterAll
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void signedEnvelopesArriveInTheLogTopicInOrderKeyedByApp() throws IOException {
    String appA = "app-a-" + UUID.randomUUID();
    String appB = "app-b-" + UUID.randomUUID();
    long base = Instant.now().toEpochMilli() * 1_000_000;
    List<LogMessage> sentA = new java.util.ArrayList<>();
    List<LogMessage> sentB = new java.util.ArrayList<>();

    try (DatagramSocket socket = new DatagramSocket()) {
      for (int i = 0; i < 200; i++) {
        LogMessage a = line(appA, "a line " + i, base + i * 1_000_000L);
        LogMessage b = line(appB, "b line " + i, base + i * 1_000_000L);
        sentA.add(a);
        sentB.add(b);
        send(socket, codec.encode(a, i % 10 == 0 ? SignatureMode.LEGACY : SignatureMode.HMAC));
        send(socket, codec.encode(b, SignatureMode.BOTH));
      }
    }

    try (TestLogTopicReader reader = new TestLogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> ofApp(reader.poll(), appA).size() == 200
          && ofApp(reader.poll(), appB).size() == 200);
      List<ConsumerRecord<byte[], byte[]>> recordsA = ofApp(reader.poll(), appA);
      assertThat(recordsA).extracting(r -> LogMessage.parseFrom(r.value()))
          .containsExactlyElementsOf(sentA);
      assertThat(ofApp(reader.poll(), appB)).extracting(r -> LogMessage.parseFrom(r.value()))
          .containsExactlyElementsOf(sentB);
      ConsumerRecord<byte[], byte[]> first = recordsA.get(0);
      assertThat(first.value()).isEqualTo(sentA.get(0).toByteArray());
      assertThat(first.timestamp()).isEqualTo(base / 1_000_000);
      assertThat(new String(first.headers().lastHeader(Topics.HEADER_INGEST).value(),
          StandardCharsets.UTF_8)).isEqualTo("udp");
    }
  }

  @Test
  void badSignatureAndGarbageAreCountedAndNotProduced() throws IOException {
    String app = "app-bad-" + UUID.randomUUID();
    long now = Instant.now().toEpochMilli() * 1_000_000;
    EnvelopeCodec wrongSecret = new EnvelopeCodec(SharedSecret.of("not-the-secret"), true);
    byte[] good = codec.encode(line(app, "good", now + 1), SignatureMode.HMAC);
    double badBefore = rejected("bad_signature");
    double garbageBefore = rejected("undecodable");

    try (DatagramSocket socket = new DatagramSocket()) {
      send(socket, wrongSecret.encode(line(app, "forged", now), SignatureMode.HMAC));
      send(socket, "this is not protobuf at all".getBytes(StandardCharsets.UTF_8));
      send(socket, Arrays.copyOf(good, good.length / 2));
      send(socket, good);
    }

    try (TestLogTopicReader reader = new TestLogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !ofApp(reader.poll(), app).isEmpty());
      assertThat(ofApp(reader.poll(), app)).extracting(r -> LogMessage.parseFrom(r.value())
          .getMessage().toStringUtf8()).containsExactly("good");
    }
    assertThat(rejected("bad_signature") - badBefore).isEqualTo(1);
    assertThat(rejected("undecodable") - garbageBefore).isEqualTo(2);
  }

  @Test
  void legacySignedEnvelopesAreRefusedWhenLegacyIsOff() {
    String app = "app-legacy-" + UUID.randomUUID();
    long now = Instant.now().toEpochMilli() * 1_000_000;
    PrometheusMeterRegistry strictRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (IngestBridge strict = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(), SECRET, 0)
        .withAcceptLegacy(false), strictRegistry)) {
      strict.start();
      try (TestUdpSender emitter = new TestUdpSender(codec, strict.udpPort())) {
        emitter.send(codec.encode(line(app, "legacy", now), SignatureMode.LEGACY));
        emitter.send(codec.encode(line(app, "both", now + 1), SignatureMode.BOTH));
        emitter.send(codec.encode(line(app, "hmac", now + 2), SignatureMode.HMAC));
      }

      assertThat(texts(app, 2)).containsExactly("both", "hmac");
      assertThat(strictRegistry.get("kloggregator.bridge.rejected").tag("reason", "legacy_refused")
          .counter().count()).isEqualTo(1);
    }
  }

  @Test
  void legacySignedEnvelopesAreAcceptedOnlyFromListedSourcesOverUdpAndTcp() throws IOException {
    String app = "app-sources-" + UUID.randomUUID();
    String tcpApp = "app-sources-tcp-" + UUID.randomUUID();
    long now = Instant.now().toEpochMilli() * 1_000_000;
    InetAddress listed = InetAddress.getByName("127.0.0.2");
    InetAddress unlisted = InetAddress.getByName("127.0.0.1");
    PrometheusMeterRegistry listRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BridgeConfig config = BridgeConfig.of(stack.bootstrapServers(), SECRET, 0)
        .withListeners(BridgeConfig.Listeners.loopback(0).withTcpPort(0))
        .withLegacy(new BridgeConfig.Legacy(true, List.of(IpNetwork.parse("127.0.0.2/32"))));

    try (IngestBridge bridge = new IngestBridge(config, listRegistry)) {
      bridge.start();
      InetSocketAddress udp = new InetSocketAddress(unlisted, bridge.udpPort());
      try (DatagramSocket fromUnlisted = new DatagramSocket(new InetSocketAddress(unlisted, 0));
          DatagramSocket fromListed = new DatagramSocket(new InetSocketAddress(listed, 0))) {
        sendTo(fromUnlisted, udp, codec.encode(line(app, "legacy from .1", now), LEGACY));
        sendTo(fromListed, udp, codec.encode(line(app, "legacy from .2", now + 1), LEGACY));
        sendTo(fromUnlisted, udp, codec.encode(line(app, "hmac from .1", now + 2),
            SignatureMode.HMAC));
      }
      try (Socket tcp = new Socket()) {
        tcp.bind(new InetSocketAddress(unlisted, 0));
        tcp.connect(new InetSocketAddress(unlisted, bridge.tcpPort()));
        DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
        frame(out, codec.encode(line(tcpApp, "legacy over tcp from .1", now), LEGACY));
        frame(out, codec.encode(line(tcpApp, "both over tcp from .1", now + 1),
            SignatureMode.BOTH));
        out.flush();

        assertThat(texts(app, 2)).containsExactly("legacy from .2", "hmac from .1");
        assertThat(texts(tcpApp, 1)).containsExactly("both over tcp from .1");
      }
      assertThat(listRegistry.get("kloggregator.bridge.rejected")
          .tag("reason", "legacy_source_refused").counter().count()).isEqualTo(2);
      assertThat(listRegistry.get("kloggregator.bridge.rejected")
          .tag("reason", "bad_signature").counter().count()).isZero();
    }
  }

  @Test
  void appOverItsRateLimitLosesTheExcessWithANoticeWhileAQuietAppLosesNothing() {
    String noisy = "app-noisy-" + UUID.randomUUID();
    String quiet = "app-quiet-" + UUID.randomUUID();
    long now = Instant.now().toEpochMilli() * 1_000_000;
    PrometheusMeterRegistry limitedRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BridgeConfig config = BridgeConfig.of(stack.bootstrapServers(), SECRET, 0).withLimits(
        new BridgeConfig.Limits(BridgeConfig.DEFAULT_BUFFER_BYTES, 100, Duration.ofSeconds(30)));
    try (IngestBridge limited = new IngestBridge(config, limitedRegistry)) {
      limited.start();
      try (TestUdpSender emitter = new TestUdpSender(codec, limited.udpPort())) {
        for (int i = 0; i < 400; i++) {
          emitter.send(line(noisy, "noisy " + i, now + i));
          if (i % 10 == 0) {
            emitter.send(line(quiet, "quiet " + i / 10, now + i));
          }
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> limitedRegistry
          .get("kloggregator.bridge.received").tag("transport", "udp").counter().count() == 440);
      double dropped = limitedRegistry.get("kloggregator.bridge.dropped")
          .tag("reason", "rate_limited").counter().count();

      assertThat(dropped).isGreaterThan(0);
      assertThat(texts(quiet, 40)).hasSize(40);
      List<String> noisyTexts = texts(noisy, 400 - (int) dropped + 1);
      assertThat(noisyTexts).filteredOn(t -> t.startsWith("noisy ")).hasSize(400 - (int) dropped);
      List<String> notices = noisyTexts.stream().filter(t -> t.contains(" lines dropped between "))
          .toList();
      assertThat(notices).isNotEmpty().allMatch(t -> t.endsWith("(app over its rate limit)"));
      await().atMost(Duration.ofSeconds(30)).until(() -> texts(noisy, 0).stream()
          .filter(t -> t.contains(" lines dropped between "))
          .mapToLong(t -> Long.parseLong(t.substring(0, t.indexOf(' ')))).sum() == dropped);
    }
  }

  @Test
  void tcpListenerTakesLengthPrefixedEnvelopesAndCountsBadFrames() throws IOException {
    String app = "app-tcp-" + UUID.randomUUID();
    long now = Instant.now().toEpochMilli() * 1_000_000;
    PrometheusMeterRegistry tcpRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BridgeConfig config = BridgeConfig.of(stack.bootstrapServers(), SECRET, 0);
    try (IngestBridge withTcp = new IngestBridge(
        config.withListeners(config.listeners().withTcpPort(0)), tcpRegistry)) {
      withTcp.start();
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), withTcp.tcpPort());
          DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
        for (int i = 0; i < 100; i++) {
          byte[] envelope = codec.encode(line(app, "tcp " + i, now + i), SignatureMode.HMAC);
          out.writeInt(envelope.length);
          out.write(envelope);
        }
        out.writeInt(1 << 20);
        out.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.getInputStream().read() == -1);
      }

      List<String> texts = texts(app, 100);
      assertThat(texts).hasSize(100).startsWith("tcp 0", "tcp 1").endsWith("tcp 99");
      assertThat(tcpRegistry.get("kloggregator.bridge.rejected").tag("reason", "bad_frame")
          .counter().count()).isEqualTo(1);
    }
  }

  @Test
  void busyUdpPortFailsStartWithOneClearMessage() throws IOException {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        IngestBridge second = new IngestBridge(
            BridgeConfig.of(stack.bootstrapServers(), SECRET, taken.getLocalPort()))) {
      assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot listen for UDP on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void unreachableKafkaFailsStartWithOneClearMessage() {
    String nowhere = "127.0.0.1:" + FreePorts.pick();
    try (IngestBridge orphan = new IngestBridge(BridgeConfig.of(nowhere, SECRET, 0),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), System::nanoTime,
        Duration.ofSeconds(2))) {
      assertThatThrownBy(orphan::start).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Kafka at " + nowhere + " unreachable");
    }
  }

  @Test
  void opsPortServesHealthAndPrometheusMetrics() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + bridge.opsPort();

    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("{\"status\":\"UP\"");
    assertThat(metrics.body()).contains("kloggregator_bridge_received_total",
        "kloggregator_bridge_rejected_total{reason=\"bad_signature\"}",
        "kloggregator_bridge_produced_total", "kloggregator_bridge_dropped_total",
        "kloggregator_bridge_buffer_lines", "kloggregator_bridge_produce_latency_seconds");
  }

  /** Message texts of {@code app} in the log topic, once at least {@code atLeast} are there. */
  private List<String> texts(String app, int atLeast) {
    try (TestLogTopicReader reader = new TestLogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> ofApp(reader.poll(), app).size() >= atLeast);
      return ofApp(reader.poll(), app).stream().map(IngestBridgeIT::text).toList();
    }
  }

  private static String text(ConsumerRecord<byte[], byte[]> record) {
    try {
      return LogMessage.parseFrom(record.value()).getMessage().toStringUtf8();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private double rejected(String reason) {
    return registry.get("kloggregator.bridge.rejected").tag("reason", reason).counter().count();
  }

  private static void sendTo(DatagramSocket socket, InetSocketAddress to, byte[] bytes)
      throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, to));
  }

  private static void frame(DataOutputStream out, byte[] envelope) throws IOException {
    out.writeInt(envelope.length);
    out.write(envelope);
  }

  private void send(DatagramSocket socket, byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(),
        bridge.udpPort()));
  }

  static List<ConsumerRecord<byte[], byte[]>> ofApp(List<ConsumerRecord<byte[], byte[]>> records,
      String app) {
    byte[] key = app.getBytes(StandardCharsets.UTF_8);
    return records.stream().filter(r -> Arrays.equals(r.key(), key)).toList();
  }
}
