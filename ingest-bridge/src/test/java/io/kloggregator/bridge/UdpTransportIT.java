package io.kloggregator.bridge;

import static io.kloggregator.testkit.TestUdpSender.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kloggregator.bridge.BridgeConfig.UdpReceive;
import io.kloggregator.bridge.BridgeConfig.UdpTransport;
import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.EnvelopeCodec.SignatureMode;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.TestLogTopicReader;
import io.kloggregator.testkit.TestUdpSender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.epoll.Epoll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The UDP ingest path through each receive transport, on the real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UdpTransportIT {

  private static final String SECRET = "it-secret";
  private static final int THREADS = 4;
  private static final int SENDERS = 8;
  private static final int LINES_PER_SENDER = 250;

  private LocalStack stack;
  private final EnvelopeCodec codec = new EnvelopeCodec(SharedSecret.of(SECRET), true);

  @BeforeAll
  void startStack() {
    stack = LocalStack.start(LocalStack.Options.forTests());
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @ParameterizedTest
  @EnumSource(value = UdpTransport.class, names = {"NIO", "EPOLL"})
  void eachSenderSocketsLinesReachKafkaInTheOrderSent(UdpTransport transport) throws Exception {
    requireLoadable(transport);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    long base = Instant.now().toEpochMilli() * 1_000_000;
    String run = UUID.randomUUID().toString();
    List<List<LogMessage>> sent = new ArrayList<>();

    try (IngestBridge bridge = new IngestBridge(config(transport), registry)) {
      bridge.start();
      List<TestUdpSender> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        senders.add(new TestUdpSender(codec, bridge.udpPort()));
        sent.add(new ArrayList<>());
      }
      for (int i = 0; i < LINES_PER_SENDER; i++) {
        for (int s = 0; s < SENDERS; s++) {
          LogMessage message = line(app(run, s), "line " + i, base + i);
          sent.get(s).add(message);
          senders.get(s).send(message);
        }
        keepUnderTheSocketBuffer(registry, (i + 1) * SENDERS);
      }
      senders.forEach(TestUdpSender::close);

      assertThat(BoundUdpSockets.atPort(bridge.udpPort()))
          .isEqualTo(transport == UdpTransport.EPOLL ? THREADS : 1);
      try (TestLogTopicReader reader = new TestLogTopicReader(stack.bootstrapServers())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          List<ConsumerRecord<byte[], byte[]>> records = reader.poll();
          for (int s = 0; s < SENDERS; s++) {
            if (IngestBridgeIT.ofApp(records, app(run, s)).size() < LINES_PER_SENDER) {
              return false;
            }
          }
          return true;
        });
        List<ConsumerRecord<byte[], byte[]>> records = reader.poll();
        for (int s = 0; s < SENDERS; s++) {
          assertThat(IngestBridgeIT.ofApp(records, app(run, s)))
              .extracting(r -> LogMessage.parseFrom(r.value()))
              .containsExactlyElementsOf(sent.get(s));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = UdpTransport.class, names = {"NIO", "EPOLL"})
  void malformedDatagramsAreCountedByReasonAndReceivingGoesOn(UdpTransport transport) {
    requireLoadable(transport);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String app = "app-malformed-" + UUID.randomUUID();
    long now = Instant.now().toEpochMilli() * 1_000_000;
    EnvelopeCodec wrongSecret = new EnvelopeCodec(SharedSecret.of("not-the-secret"), true);
    byte[] good = codec.encode(line(app, "before", now), SignatureMode.HMAC);
    // A whole 60 KB datagram: refused as oversized, so it was read whole, not cut to a slot.
    byte[] oversized = codec.encode(line(app, "x".repeat(60_000), now + 1), SignatureMode.HMAC);
    assertThat(oversized.length).isBetween(60_000, UdpListener.MAX_DATAGRAM);

    try (IngestBridge bridge = new IngestBridge(config(transport), registry)) {
      bridge.start();
      try (TestUdpSender sender = new TestUdpSender(codec, bridge.udpPort())) {
        sender.send(good);
        sender.send("this is not protobuf at all".getBytes(StandardCharsets.UTF_8));
        sender.send(new byte[0]);
        sender.send(Arrays.copyOf(good, good.length / 2));
        sender.send(wrongSecret.encode(line(app, "forged", now + 2), SignatureMode.HMAC));
        sender.send(oversized);
        sender.send(line(app, "after", now + 3));
      }

      assertThat(texts(app, 2)).containsExactly("before", "after");
      assertThat(count(registry, "kloggregator.bridge.received", "transport", "udp"))
          .isEqualTo(7);
      assertThat(count(registry, "kloggregator.bridge.rejected", "reason", "undecodable"))
          .isEqualTo(3);
      assertThat(count(registry, "kloggregator.bridge.rejected", "reason", "bad_signature"))
          .isEqualTo(1);
      assertThat(count(registry, "kloggregator.bridge.rejected", "reason", "oversized"))
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = UdpTransport.class, names = {"NIO", "EPOLL"})
  void aSecondBridgeOnTheSamePortFailsToStartWithOneClearMessage(UdpTransport transport) {
    requireLoadable(transport);
    try (IngestBridge first = new IngestBridge(config(transport))) {
      first.start();
      BridgeConfig same = config(transport).withListeners(
          new BridgeConfig.Listeners("127.0.0.1", first.udpPort(), -1, 0,
              BridgeConfig.DEFAULT_RECEIVE_BUFFER_BYTES, new UdpReceive(transport, THREADS)));
      try (IngestBridge second = new IngestBridge(same)) {
        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("cannot listen for UDP on 127.0.0.1:" + first.udpPort());
      }
    }
  }

  private BridgeConfig config(UdpTransport transport) {
    BridgeConfig config = BridgeConfig.of(stack.bootstrapServers(), SECRET, 0);
    return config.withListeners(config.listeners()
        .withUdpReceive(new UdpReceive(transport, THREADS)));
  }

  /**
   * Epoll must load: the project builds and runs on Linux x86_64, where Netty ships the native
   * library. Where it does not load, the test fails naming the cause (the NIO fallback itself is
   * UdpTransportChoiceTest's).
   */
  private static void requireLoadable(UdpTransport transport) {
    if (transport != UdpTransport.EPOLL) {
      return;
    }
    assertThat(Epoll.isAvailable()).as("epoll loads: %s", Epoll.unavailabilityCause()).isTrue();
  }

  /** Waits until the bridge has read all but 200 of {@code sent}, so no socket buffer fills. */
  private static void keepUnderTheSocketBuffer(PrometheusMeterRegistry registry, int sent) {
    if (sent % 200 == 0) {
      await().atMost(Duration.ofSeconds(30)).until(() ->
          count(registry, "kloggregator.bridge.received", "transport", "udp") >= sent - 200);
    }
  }

  /** Message texts of {@code app} in the log topic, once at least {@code atLeast} are there. */
  private List<String> texts(String app, int atLeast) {
    try (TestLogTopicReader reader = new TestLogTopicReader(stack.bootstrapServers())) {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> IngestBridgeIT.ofApp(reader.poll(), app).size() >= atLeast);
      return IngestBridgeIT.ofApp(reader.poll(), app).stream()
          .map(r -> parse(r).getMessage().toStringUtf8()).toList();
    }
  }

  private static LogMessage parse(ConsumerRecord<byte[], byte[]> record) {
    try {
      return LogMessage.parseFrom(record.value());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static double count(PrometheusMeterRegistry registry, String name, String tag,
      String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }

  private static String app(String run, int sender) {
    return "app-order-" + sender + "-" + run;
  }
}
