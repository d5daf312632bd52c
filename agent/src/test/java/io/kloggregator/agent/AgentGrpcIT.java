package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.v2.Envelope;
import io.kloggregator.schemas.v2.Log;
import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's batched transport against {@link IngressStandIn}, a real grpc-java
 * {@code loggregator.v2.Ingress} server over mutual TLS (a stand-in for the bridge's, which the
 * agent module may not depend on), with a PKI made by openssl.
 */
class AgentGrpcIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Path dir;
  private TestPki pki;
  private FakeWarden warden;
  private IngressStandIn ingress;
  private Agent agent;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("agent-grpc-it");
    pki = TestPki.create(dir.resolve("pki"));
    warden = new FakeWarden(dir.resolve("dea"));
    ingress = new IngressStandIn(pki);
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    ingress.close();
    warden.close();
    TempDirs.deleteRecursively(dir);
  }

  private void startAgent(String identity) {
    agent = new Agent(AgentConfig.of(warden.instancesFile(), List.of(ingress.address()), "s")
        .withGrpc(AgentConfig.Grpc.tls(pki.path(identity + ".pem"), pki.path(identity + ".key"),
            pki.path("ca.pem"))), registry, Clock.systemUTC());
    agent.start();
  }

  private FakeWarden.Instance started(String appId, int index) {
    FakeWarden.Instance instance = warden.start(appId, index);
    instance.stdout().awaitReader(WAIT);
    instance.stderr().awaitReader(WAIT);
    return instance;
  }

  @Test
  void linesArriveInBatchesAsLogEnvelopesInOrderPerApp() {
    startAgent("client");
    FakeWarden.Instance web = started("app-web", 0);
    FakeWarden.Instance worker = started("app-worker", 3);

    for (int i = 0; i < 500; i++) {
      web.stdout().println("web " + i);
      if (i % 5 == 0) {
        worker.stderr().println("worker " + i / 5);
      }
    }

    await().atMost(WAIT).until(() -> ingress.envelopes().size() >= 600);
    List<Envelope> envelopes = ingress.envelopes();
    assertThat(texts(envelopes, "app-web")).containsExactlyElementsOf(numbered("web ", 500));
    assertThat(texts(envelopes, "app-worker")).containsExactlyElementsOf(numbered("worker ", 100));
    assertThat(envelopes).filteredOn(e -> e.getSourceId().equals("app-web"))
        .allSatisfy(e -> {
          assertThat(e.getInstanceId()).isEqualTo("0");
          assertThat(e.getLog().getType()).isEqualTo(Log.Type.OUT);
          assertThat(e.getTagsOrDefault("source_type", "")).isEqualTo("App");
          assertThat(e.getTimestamp()).isPositive();
        });
    assertThat(envelopes).filteredOn(e -> e.getSourceId().equals("app-worker"))
        .allSatisfy(e -> {
          assertThat(e.getInstanceId()).isEqualTo("3");
          assertThat(e.getLog().getType()).isEqualTo(Log.Type.ERR);
        });
    assertThat(ingress.batches()).as("batched: fewer calls than lines").hasSizeLessThan(600)
        .allSatisfy(b -> assertThat(b.getBatchCount()).isBetween(1, 100));
    await().atMost(WAIT).until(() -> counter("kloggregator.agent.lines.emitted") == 600.0);
    assertThat(counter("kloggregator.agent.batches.sent")).isEqualTo(ingress.batches().size());
  }

  @Test
  void aBatchTheBridgeDidNotAnswerIsSentAgainOnceItIsBackAndNoLineIsLost() {
    startAgent("client");
    FakeWarden.Instance web = started("app-web", 1);
    web.stdout().println("before 0");
    await().atMost(WAIT).until(() -> ingress.envelopes().size() == 1);

    ingress.stop();
    for (int i = 0; i < 250; i++) {
      web.stdout().println("while down " + i);
    }
    await().atMost(WAIT).until(() -> counter("kloggregator.agent.lines.resent") > 0);
    ingress.start();

    List<String> expected = new ArrayList<>(List.of("before 0"));
    expected.addAll(numbered("while down ", 250));
    await().atMost(WAIT).until(() -> firstSightings(texts(ingress.envelopes(), "app-web"))
        .size() == expected.size());
    assertThat(firstSightings(texts(ingress.envelopes(), "app-web")))
        .as("every line, in order (a resent batch may arrive twice)")
        .containsExactlyElementsOf(expected);
    assertThat(counter("kloggregator.agent.batches.failed", "reason", "status")).isPositive();
    assertThat(counter("kloggregator.agent.lines.dropped", "reason", "queue_full")).isZero();
  }

  @Test
  void aClientCertificateOfAnotherCaIsRefusedAndCountedWhileTheAgentRunsOn() {
    startAgent("rogue-client");
    FakeWarden.Instance web = started("app-web", 0);

    web.stdout().println("never taken");

    await().atMost(WAIT)
        .until(() -> counter("kloggregator.agent.batches.failed", "reason", "tls") >= 2);
    assertThat(ingress.envelopes()).isEmpty();
    assertThat(counter("kloggregator.agent.lines.emitted")).isZero();
    web.stdout().println("still read");
    await().atMost(WAIT).until(() -> counter("kloggregator.agent.lines.read") == 2.0);
  }

  private double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private static List<String> texts(List<Envelope> envelopes, String appId) {
    return envelopes.stream().filter(e -> e.getSourceId().equals(appId))
        .map(e -> e.getLog().getPayload().toStringUtf8()).toList();
  }

  private static List<String> firstSightings(List<String> texts) {
    return List.copyOf(new LinkedHashSet<>(texts));
  }

  private static List<String> numbered(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(prefix + i);
    }
    return out;
  }
}
