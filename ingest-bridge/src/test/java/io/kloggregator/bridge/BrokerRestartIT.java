package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.SharedSecret;
import io.kloggregator.schemas.Topics;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.ProcessKafka;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestLogTopicReader;
import io.kloggregator.testkit.TestUdpSender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge against a broker process that is SIGKILLed and restarted mid-stream. */
class BrokerRestartIT {

  private static final String SECRET = "restart-secret";
  private static final List<String> APPS = List.of("app-r1", "app-r2", "app-r3");
  private static final Pattern NOTICE = Pattern.compile("^(\\d+) lines dropped between .*");

  private ProcessKafka kafka;
  private PrometheusMeterRegistry registry;
  private IngestBridge bridge;
  private TestUdpSender emitter;
  private final Map<String, Integer> nextSeq = new HashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final long base = Instant.now().toEpochMilli() * 1_000_000;
  private int sent;

  @BeforeEach
  void start() throws Exception {
    kafka = ProcessKafka.start(TempDirs.create("bridge-restart-"), FreePorts.pick(), "256m");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(Topics.LOGS, 4, (short) 1))).all().get();
    }
    BridgeConfig config = BridgeConfig.of(kafka.bootstrapServers(), SECRET, 0)
        .withLimits(new BridgeConfig.Limits(256 * 1024, 0, Duration.ofSeconds(2)))
        .withProducer(Map.of("buffer.memory", Integer.toString(1024 * 1024),
            "batch.size", Integer.toString(64 * 1024)));
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bridge = new IngestBridge(config, registry);
    bridge.start();
    emitter = new TestUdpSender(new EnvelopeCodec(SharedSecret.of(SECRET), false),
        bridge.udpPort());
  }

  @AfterEach
  void stop() {
    if (emitter != null) {
      emitter.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void idleBridgeReportsKafkaGoneAndBackOnItsHealth() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus() == 200);

    kafka.kill();

    await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus() == 503);
    assertThat(healthBody()).contains("\"kafkaProbe\":\"no answer for ");
    kafka.startBroker();
    await().atMost(Duration.ofSeconds(60)).until(() -> healthStatus() == 200);
  }

  @Test
  void brokerRestartLosesOnlyCountedLinesAndKeepsEachAppInOrder() throws Exception {
    sendRound(500);
    await().atMost(Duration.ofSeconds(60)).until(() -> counter("produced") >= sent);

    kafka.kill();
    sendRound(5000);
    await().atMost(Duration.ofSeconds(60)).until(() -> healthStatus() == 503);
    kafka.startBroker();
    sendRound(500);

    await().atMost(Duration.ofSeconds(90)).until(() ->
        healthStatus() == 200 && gauge("buffer.lines") == 0 && gauge("inflight.bytes") == 0);
    assertThat(counter("received")).isEqualTo(sent);
    double dropped = counter("dropped");
    assertThat(dropped).isGreaterThan(0);
    try (TestLogTopicReader reader = new TestLogTopicReader(kafka.bootstrapServers())) {
      long expected = (long) counter("produced");
      await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll().size() >= expected);
      List<ConsumerRecord<byte[], byte[]>> records = reader.poll();
      long lines = 0;
      long noticed = 0;
      for (String app : APPS) {
        List<Integer> seqs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : IngestBridgeIT.ofApp(records, app)) {
          String text = LogMessage.parseFrom(r.value()).getMessage().toStringUtf8();
          Matcher notice = NOTICE.matcher(text);
          if (notice.matches()) {
            noticed += Long.parseLong(notice.group(1));
          } else {
            seqs.add(Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1)));
          }
        }
        assertThat(seqs).as("lines of %s in order, no duplicates", app).isSorted()
            .doesNotHaveDuplicates();
        lines += seqs.size();
      }
      assertThat(lines + (long) dropped).as("lines in Kafka + counted drops").isEqualTo(sent);
      assertThat(noticed).as("lines announced by notices").isEqualTo((long) dropped);
      assertThat(dropped("buffer_full")).isEqualTo(dropped);
      assertThat(records).hasSize((int) expected);
    }
  }

  /** Sends {@code perApp} lines for every app, waiting for the bridge to read each chunk. */
  private void sendRound(int perApp) {
    for (int i = 0; i < perApp; i++) {
      for (String app : APPS) {
        int seq = nextSeq.merge(app, 1, Integer::sum) - 1;
        emitter.send(TestUdpSender.line(app, app + " line " + seq, base + seq * 1000L));
        sent++;
      }
      if (i % 100 == 99 || i == perApp - 1) {
        int target = sent;
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("received") >= target);
      }
    }
  }

  private int healthStatus() throws Exception {
    return health().statusCode();
  }

  private String healthBody() throws Exception {
    return health().body();
  }

  private HttpResponse<String> health() throws Exception {
    return http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + bridge.opsPort() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private double counter(String name) {
    return registry.find("kloggregator.bridge." + name).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private double dropped(String reason) {
    return registry.get("kloggregator.bridge.dropped").tag("reason", reason).counter().count();
  }

  private double gauge(String name) {
    return registry.get("kloggregator.bridge." + name).gauge().value();
  }
}
