package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.EtcdCluster;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18's replicated etcd: the router's bindings mirror on a real three-member etcd cluster
 * (every member's endpoint in its setting). With one member killed, binding changes written
 * through another member are still applied. With the quorum lost, the router keeps routing on
 * the last bindings it mirrored, its dumps answer, and its health says the etcd watch is
 * reconnecting; once the quorum is back it watches again and applies new bindings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class RouterEtcdClusterIT {

  private static final String WATCHING = "\"etcdWatch\":\"WATCHING\"";
  private static final String RECONNECTING = "\"etcdWatch\":\"RECONNECTING\"";

  private LocalStack stack;
  private EtcdCluster etcd;
  private Vertx vertx;
  private StreamsRouter router;
  private RouterClient client;
  private LogProducer producer;
  private DrainTopicReader drains;

  @BeforeAll
  void start() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    etcd = EtcdCluster.start(stack.dir().resolve("etcd-cluster"), 3);
    vertx = Vertx.vertx();
    router = Routers.of(vertx, RouterConfig.of(stack.bootstrapServers(), etcd.endpoints(),
        stack.dir().resolve("router-state"), 0));
    router.start().await();
    client = new RouterClient(router.httpPort());
    producer = LogProducer.batching(stack.bootstrapServers());
    drains = new DrainTopicReader(stack.bootstrapServers());
  }

  @AfterAll
  void stop() throws Exception {
    AutoCloseable[] opened = {drains, producer, router, vertx::close, etcd, stack};
    for (AutoCloseable c : opened) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  @Order(1)
  void bindingChangesWrittenWhileOneMemberIsDownAreApplied() {
    String app = "app-member-down";
    String removed = "syslog://removed.example:514";
    try (EtcdBindings viaLast = new EtcdBindings(etcd.member(2).endpoint())) {
      String removedId = viaLast.bind(app, removed);
      awaitRouted(app, removed);

      etcd.member(0).kill();
      String added = "syslog://added.example:514";
      try (EtcdBindings viaSecond = new EtcdBindings(etcd.member(1).endpoint())) {
        // A write sent while the two members left elect a new leader may time out; the writer
        // retries it, as any etcd client would (both writes are idempotent).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
          viaSecond.bind(app, added);
          viaSecond.delete(BindingKeys.ETCD_PREFIX + removedId);
        });
      }

      awaitRouted(app, added);
      producer.send(app, "after the change", 1);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          drains.forApp(app).stream().filter(d -> d.text().equals("after the change 0")))
          .extracting(d -> d.value().getDrainUrl()).containsExactly(added));
      assertThat(health()).contains(WATCHING);
    } finally {
      etcd.member(0).start();
    }
  }

  @Test
  @Order(2)
  void withoutAQuorumTheLastBindingsKeepRoutingDumpsAnswerAndHealthSaysReconnecting() {
    String app = "app-no-quorum";
    String url = "syslog://kept.example:514";
    try (EtcdBindings viaFirst = new EtcdBindings(etcd.member(0).endpoint())) {
      viaFirst.bind(app, url);
    }
    awaitRouted(app, url);

    etcd.member(1).kill();
    etcd.member(2).kill();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(health()).contains(RECONNECTING));
      producer.send(app, "without quorum", 20);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          drains.forApp(app).stream().filter(d -> d.text().startsWith("without quorum")))
          .extracting(d -> d.value().getDrainUrl()).hasSize(20).containsOnly(url));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          client.recent(app, 100).getLinesList())
          .filteredOn(l -> l.getLogMessage().getMessage().toStringUtf8()
              .startsWith("without quorum")).hasSize(20));
      assertThat(client.get("/health").statusCode()).as("still serving").isEqualTo(200);
    } finally {
      etcd.member(1).start();
      etcd.member(2).start();
    }

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(health()).contains(WATCHING));
    String later = "syslog-tls://later.example:6514";
    try (EtcdBindings viaThird = new EtcdBindings(etcd.member(2).endpoint())) {
      viaThird.bind(app, later);
    }
    awaitRouted(app, later);
  }

  private String health() {
    return new String(client.get("/health").body(), StandardCharsets.UTF_8);
  }

  /** Sends probe lines until one reaches the drain topic addressed to {@code url}. */
  private void awaitRouted(String app, String url) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          producer.send(app, "probe", 1);
          assertThat(drains.forApp(app)).extracting(d -> d.value().getDrainUrl()).contains(url);
        });
  }
}
