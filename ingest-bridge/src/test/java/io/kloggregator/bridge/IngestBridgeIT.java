package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
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

    try (LogTopicReader reader = new LogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60)).until(
          () -> ofApp(reader.poll(), appA).size() == 200 && ofApp(reader.poll(), appB).size() == 200);
      List<ConsumerRecord<byte[], byte[]>> recordsA = ofApp(reader.poll(), appA);
      assertThat(recordsA).extracting(r -> LogMessage.parseFrom(r.value())).containsExactlyElementsOf(sentA);
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

    try (LogTopicReader reader = new LogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !ofApp(reader.poll(), app).isEmpty());
      assertThat(ofApp(reader.poll(), app)).extracting(r -> LogMessage.parseFrom(r.value())
          .getMessage().toStringUtf8()).containsExactly("good");
    }
    assertThat(rejected("bad_signature") - badBefore).isEqualTo(1);
    assertThat(rejected("undecodable") - garbageBefore).isEqualTo(2);
  }

  private double rejected(String reason) {
    return registry.get("kloggregator.bridge.rejected").tag("reason", reason).counter().count();
  }

  private void send(DatagramSocket socket, byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(),
        bridge.udpPort()));
  }

  static LogMessage line(String app, String text, long timestampNanos) {
    return LogMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text))
        .setMessageType(LogMessage.MessageType.OUT).setTimestamp(timestampNanos).setAppId(app)
        .setSourceName("App").setSourceId("0").build();
  }

  static List<ConsumerRecord<byte[], byte[]>> ofApp(List<ConsumerRecord<byte[], byte[]>> records,
      String app) {
    byte[] key = app.getBytes(StandardCharsets.UTF_8);
    return records.stream().filter(r -> Arrays.equals(r.key(), key)).toList();
  }
}
