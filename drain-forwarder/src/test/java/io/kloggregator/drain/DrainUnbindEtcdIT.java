package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kloggregator.router.RouterConfig;
import io.kloggregator.router.StreamsRouter;
import io.kloggregator.schemas.BindingLayout;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.kloggregator.testkit.TempDirs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, scenario 2, end to end: a binding written to and deleted from real etcd in the
 * original layout ({@code /loggregator/services/<app>/<sha1 of URL>}), a real streams router
 * (etcd mirror to the bindings topic, log lines routed to the drain topic) and the forwarder.
 * A drain removed while it fails is gone: its backlog discarded and counted, its meters removed,
 * and a listener that opens on its port afterwards receives nothing.
 */
@ExtendWith(SharedStack.class)
class DrainUnbindEtcdIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private Path dir;

  @BeforeEach
  void dir() {
    dir = TempDirs.create("drain-unbind-etcd-it-");
  }

  @AfterEach
  void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  @Test
  void aDrainDeletedFromEtcdWhileFailingIsGoneAndALateListenerOnItsPortGetsNothing(
      LocalStack stack) throws Exception {
    int port = FreePorts.pick();
    String url = "syslog://127.0.0.1:" + port;
    String id = DrainMetrics.shortId(url);
    String app = "app-" + UUID.randomUUID();
    String group = "unbind-etcd-" + UUID.randomUUID();
    ByteSequence key = bytes(BindingLayout.etcdKey(app, url));
    Vertx vertx = Vertx.vertx();
    try (Client etcd = Client.builder().endpoints(stack.etcdEndpoint()).build();
        DrainFixtures fixtures = new DrainFixtures(stack.bootstrapServers());
        StreamsRouter router = new StreamsRouter(RouterConfig.of(stack.bootstrapServers(),
            stack.etcdEndpoint(), dir.resolve("router-state"), 0), vertx,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      fixtures.startGroupAtEnd(group);
      router.start().await(60, TimeUnit.SECONDS);
      etcd.getKVClient().put(key, bytes(url)).get(10, TimeUnit.SECONDS);
      try (TestForwarders.Running f = new TestForwarders.Running(
          TestForwarders.config(stack.bootstrapServers(), group, dir))) {
        // The forwarder knows the binding (its meters are there) before any line.
        await().atMost(WAIT).until(() -> f.registry.find("kloggregator.drain.state")
            .tag("drain", id).gauge() != null);

        fixtures.sendLogs(app, "u", 0, 300);
        fixtures.flush();
        await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.failed", "drain", id,
            "reason", LinkFailure.CONNECT) >= 2 && f.registry.find("kloggregator.drain.backlog")
            .tag("drain", id).gauge().value() == 300);

        etcd.getKVClient().delete(key).get(10, TimeUnit.SECONDS);

        // Within seconds the queue is discarded, counted, and the drain's meters are gone.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
          // (Notice lines the router routed to it after the unbind are counted here too.)
          assertThat(f.counter("kloggregator.drain.dropped", "reason", "unbound"))
              .isGreaterThanOrEqualTo(300);
          assertThat(f.registry.find("kloggregator.drain.state").tag("drain", id).gauge())
              .isNull();
        });
        // Lines written after the unbind are not routed to the drain at all.
        fixtures.sendLogs(app, "after", 0, 50);
        fixtures.flush();
        try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), port)) {
          // Longer than three of the test's longest reconnect delays (1 s).
          await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
              .until(() -> late.received().isEmpty());
          assertThat(f.get("/health").body()).contains("\"drains\":\"0\"");
          assertThat(f.get("/metrics").body()).doesNotContain("drain=\"" + id + "\"");
        }
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static ByteSequence bytes(String value) {
    return ByteSequence.from(value, StandardCharsets.UTF_8);
  }
}
