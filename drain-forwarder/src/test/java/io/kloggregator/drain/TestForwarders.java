package io.kloggregator.drain;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A forwarder on loopback with test timings, plus its registry; closes both. */
final class TestForwarders {

  private TestForwarders() {
  }

  /** Fast timings for tests: backoff 100 ms..1 s, settle 300 ms, idle 60 s, notice 1 s. */
  static ForwarderConfig config(String bootstrap, String groupId, Path tlsDir) {
    ForwarderConfig.Timing timing = new ForwarderConfig.Timing(Duration.ofMillis(100),
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofMillis(200));
    return ForwarderConfig.of(bootstrap).withGroupId(groupId)
        .withPolicy(ForwarderConfig.Policy.publicOnly().withAllowPrivate(true)
            .withTlsFilesDir(tlsDir))
        .withTiming(timing);
  }

  /** A started forwarder with its own Vert.x and registry. */
  static final class Running implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final DrainForwarder forwarder;

    Running(ForwarderConfig config) {
      forwarder = new DrainForwarder(config, vertx, registry, Clock.systemUTC());
      forwarder.start();
    }

    double counter(String name, String... tags) {
      var c = registry.find(name).tags(tags).counters();
      return c.stream().mapToDouble(x -> x.count()).sum();
    }

    HttpResponse<String> get(String path) throws Exception {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + forwarder.opsPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      forwarder.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
