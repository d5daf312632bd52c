package io.kloggregator.agent;

import io.kloggregator.testkit.FakeWarden;
import io.kloggregator.testkit.TempDirs;
import io.kloggregator.testkit.TestUdpReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A started agent on a temp dir, reading a {@link FakeWarden}, sending to a
 * {@link TestUdpReceiver}.
 */
final class AgentFixture implements AutoCloseable {

  static final String SECRET = "agent-it-secret";
  static final Duration WAIT = Duration.ofSeconds(60);

  final Path dir;
  final FakeWarden warden;
  final TestUdpReceiver receiver;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Agent agent;

  AgentFixture() {
    this(c -> c);
  }

  /** {@code adjust} may change the default config before the agent starts. */
  AgentFixture(UnaryOperator<AgentConfig> adjust) {
    dir = TempDirs.create("agent-it");
    warden = new FakeWarden(dir);
    receiver = new TestUdpReceiver(SECRET);
    agent = new Agent(adjust.apply(AgentConfig.of(warden.instancesFile(),
        List.of(receiver.address()), SECRET)), registry, Clock.systemUTC());
    agent.start();
  }

  double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  double gauge(String name) {
    Gauge g = registry.find(name).gauge();
    return g == null ? 0 : g.value();
  }

  HttpResponse<String> get(String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + agent.opsPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    agent.close();
    receiver.close();
    warden.close();
    TempDirs.deleteRecursively(dir);
  }
}
