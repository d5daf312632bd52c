package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.LocalStack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad-input suite for the bridge: seeded mutated datagrams with valid lines interleaved, into
 * a running bridge on the real broker. CI sends 200,000 (two bridges, legacy refused and
 * accepted); {@code bench/bad-input/run.sh} sends 1,000,000. The seed is printed and in every
 * failure message; {@code -Dbadinput.seed=N} replays one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

  private static final String SECRET = "bad-input-secret";
  private static final int VALID_EVERY = 10;

  private LocalStack stack;

  @BeforeAll
  void startStack() {
    stack = LocalStack.start(LocalStack.Options.forTests());
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @ParameterizedTest(name = "legacy accepted: {0}")
  @CsvSource({"false, 120000", "true, 80000"})
  void bridgeCountsEveryRejectByReasonAndDeliversTheValidLinesInterleaved(boolean acceptLegacy,
      int datagrams) throws Exception {
    long seed = Long.getLong("badinput.seed", System.nanoTime());
    System.out.println("bad-input seed " + seed + " (replay with -Dbadinput.seed=" + seed + ")");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (IngestBridge bridge = new IngestBridge(BridgeConfig.of(stack.bootstrapServers(), SECRET,
        0).withAcceptLegacy(acceptLegacy), registry);
        TopicCounter topic = new TopicCounter(stack.bootstrapServers())) {
      bridge.start();
      BridgeCounters before = BridgeCounters.of(registry);
      long recordsBefore = topic.count(Topics.LOGS);
      FuzzCampaign campaign = new FuzzCampaign(SECRET, acceptLegacy,
          "bad-" + UUID.randomUUID(), Duration.ofSeconds(60));

      FuzzCampaign.Result sent = campaign.run(seed, datagrams, VALID_EVERY, bridge.udpPort(),
          () -> BridgeCounters.of(registry).receivedUdp());

      long mustProduce = sent.mutantsAccepted() + sent.validSent();
      await().atMost(Duration.ofSeconds(120))
          .until(() -> BridgeCounters.of(registry).minus(before).produced() >= mustProduce);
      BridgeCounters seen = BridgeCounters.of(registry).minus(before);
      String context = "seed " + seed + ", kinds " + sent.kinds();
      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(sent.kernelDrops()).as("kernel drops; " + context).isZero();
      soft.assertThat(seen.receivedUdp()).as("received; " + context).isEqualTo(datagrams);
      soft.assertThat(seen.rejected()).as("rejected by reason; " + context)
          .isEqualTo(sent.rejects());
      soft.assertThat(seen.rejectedTotal()).as("rejects = received - accepted; " + context)
          .isEqualTo(seen.receivedUdp() - mustProduce);
      soft.assertThat(seen.produced()).as("produced; " + context).isEqualTo(mustProduce);
      soft.assertThat(seen.dropped()).as("dropped; " + context).isEmpty();
      soft.assertThat(topic.count(Topics.LOGS) - recordsBefore).as("records in the topic; "
          + context).isEqualTo(mustProduce);
      soft.assertAll();
      assertValidLinesInFullAndInOrder(sent.valid());
      assertHealthy(bridge.opsPort());
    }
  }

  private void assertValidLinesInFullAndInOrder(Map<String, List<LogMessage>> valid) {
    try (LogTopicReader reader = new LogTopicReader(stack.bootstrapServers())) {
      long expected = valid.values().stream().mapToLong(List::size).sum();
      await().atMost(Duration.ofSeconds(120)).until(() -> valid.keySet().stream()
          .mapToLong(app -> IngestBridgeIT.ofApp(reader.poll(), app).size()).sum() >= expected);
      List<ConsumerRecord<byte[], byte[]>> all = reader.poll();
      for (Map.Entry<String, List<LogMessage>> app : valid.entrySet()) {
        assertThat(IngestBridgeIT.ofApp(all, app.getKey()))
            .extracting(r -> LogMessage.parseFrom(r.value())).as(app.getKey())
            .containsExactlyElementsOf(app.getValue());
      }
    }
  }

  private static void assertHealthy(int opsPort) throws Exception {
    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + opsPort + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("{\"status\":\"UP\"");
  }
}
