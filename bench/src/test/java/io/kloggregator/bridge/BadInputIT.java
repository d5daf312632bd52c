package io.kloggregator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.kloggregator.schemas.Topics;
import io.kloggregator.testkit.LocalStack;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
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
          BridgeCounters.receivedUdp(registry));

      BridgeCounters seen = FuzzCheck.awaitProduced(sent, before,
          () -> BridgeCounters.of(registry), Duration.ofSeconds(120));
      String context = "seed " + seed + ", kinds " + sent.kinds() + ", expected " + sent.outcomes();
      assertThat(FuzzCheck.counted(sent, seen, topic.count(Topics.LOGS) - recordsBefore))
          .as(context).isEmpty();
      assertThat(FuzzCheck.inFullAndInOrder(sent.valid(),
          FuzzCheck.delivered(stack.bootstrapServers(), sent.valid()))).as(context).isEmpty();
      assertHealthy(bridge.opsPort());
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
