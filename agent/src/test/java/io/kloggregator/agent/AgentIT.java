package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.EnvelopeCodec;
import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.LogMessage.MessageType;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestUdpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentIT {

  private static final String SECRET = "agent-it-secret";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Path dir;
  private FakeWarden warden;
  private TestUdpReceiver receiver;
  private Agent agent;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("agent-it");
    warden = new FakeWarden(dir);
    receiver = new TestUdpReceiver(SECRET);
    agent = new Agent(AgentConfig.of(warden.instancesFile(), List.of(receiver.address()), SECRET));
    agent.start();
  }

  @AfterEach
  void tearDown() {
    agent.close();
    receiver.close();
    warden.close();
    TempDirs.deleteRecursively(dir);
  }

  @Test
  void linesWrittenToStdoutAndStderrArriveInOrderWithTypeIndexAndAppId() {
    FakeWarden.Instance web = warden.start("app-1", 3);
    web.stdout().awaitReader(WAIT);
    web.stderr().awaitReader(WAIT);

    for (int i = 0; i < 50; i++) {
      web.stdout().println("out " + i);
      web.stderr().println("err " + i);
    }

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(receiver.lines("app-1", MessageType.OUT, "3")).hasSize(50);
      assertThat(receiver.lines("app-1", MessageType.ERR, "3")).hasSize(50);
    });
    assertThat(receiver.lines("app-1", MessageType.OUT, "3"))
        .containsExactlyElementsOf(numbered("out ", 50));
    assertThat(receiver.lines("app-1", MessageType.ERR, "3"))
        .containsExactlyElementsOf(numbered("err ", 50));
    LogMessage first = receiver.messages().get(0);
    assertThat(first.getSourceName()).isEqualTo("App");
    assertThat(first.hasSourceType()).isFalse();
    assertThat(first.getTimestamp()).isGreaterThan(1_600_000_000L * 1_000_000_000L);
    assertThat(receiver.rejected()).isZero();
  }

  @Test
  void opsEndpointServesMetricsAndHealth() throws Exception {
    FakeWarden.Instance web = warden.start("app-2", 0);
    web.stdout().awaitReader(WAIT);
    web.stdout().println("hello");
    await().atMost(WAIT).until(() -> receiver.messages().size() == 1);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + agent.opsPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + agent.opsPort() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.body()).contains("kloggregator_agent_lines_read_total 1.0")
        .contains("kloggregator_agent_readers_open 2.0");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"instances\":\"1\"");
  }

  @Test
  void legacySignatureIsSentOnRequest() {
    try (TestUdpReceiver legacyReceiver = new TestUdpReceiver(SECRET, true);
        Agent legacyAgent = new Agent(new AgentConfig(warden.instancesFile(),
            List.of(legacyReceiver.address()), SECRET, EnvelopeCodec.SignatureMode.LEGACY,
            "127.0.0.1", 0, 65_536, 100, Duration.ofMillis(100), Duration.ofSeconds(1), 1,
            AgentConfig.Transport.UDP, AgentConfig.Grpc.defaults()))) {
      legacyAgent.start();
      FakeWarden.Instance web = warden.start("app-3", 1);
      await().atMost(WAIT).until(() -> web.stdout().connectedReaders() == 2);

      web.stdout().println("signed the old way");

      await().atMost(WAIT).until(() -> legacyReceiver.messages().size() == 1);
      assertThat(legacyReceiver.legacySigned()).isEqualTo(1);
      assertThat(legacyReceiver.lines("app-3", MessageType.OUT, "1"))
          .containsExactly("signed the old way");
    }
  }

  static List<String> numbered(String prefix, int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }
}
