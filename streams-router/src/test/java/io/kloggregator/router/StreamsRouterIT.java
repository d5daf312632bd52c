package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamsRouterIT {

  private static LocalStack stack;
  private static Vertx vertx;
  private static StreamsRouter router;
  private static RouterClient client;
  private static LogProducer producer;
  private static EtcdBindings etcd;
  private static DrainTopicReader drains;

  @BeforeAll
  static void startStackAndRouter() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    vertx = Vertx.vertx();
    router = Routers.of(vertx, RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve("router-state"), 0));
    router.start().await();
    client = new RouterClient(router.httpPort());
    producer = LogProducer.batching(stack.bootstrapServers());
    etcd = new EtcdBindings(stack.etcdEndpoint());
    drains = new DrainTopicReader(stack.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (drains != null) {
      drains.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (router != null) {
      router.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void linesProducedToTheLogTopicAreReturnedByRecent() {
    producer.send("app-it-1", "hello", 20);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.recent("app-it-1", 1000).getLinesCount()).isEqualTo(20));

    RecentLines dump = client.recent("app-it-1", 5);
    assertThat(texts(dump)).containsExactly("hello 15", "hello 16", "hello 17", "hello 18",
        "hello 19");
    assertThat(dump.getNextOffset()).isEqualTo(dump.getLines(4).getOffset() + 1);
    assertThat(dump.getLines(0).getPartition()).isEqualTo(dump.getPartition());
  }

  @Test
  void filtersAreAppliedInTheStoreBeforeTheLastN() {
    for (int i = 0; i < 3; i++) {
      producer.sendAsync(LogProducer.line("app-it-filter", "boom " + i,
          LogMessage.MessageType.ERR, "App", "1"));
    }
    producer.send("app-it-filter", "fine", 30);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.recent("app-it-filter", 1000).getLinesCount()).isEqualTo(33));

    RecentLines errors = client.recent("app-it-filter", 2, "&type=err&instance=1");
    assertThat(texts(errors)).containsExactly("boom 1", "boom 2");
    assertThat(errors.getNextOffset()).isEqualTo(client.recent("app-it-filter", 1)
        .getNextOffset());
    assertThat(texts(client.recent("app-it-filter", 2,
        "&regex=BOOM%20%5B01%5D&ignore_case=true"))).containsExactly("boom 0", "boom 1");
    assertThat(client.get("/v1/recent?app=app-it-filter&n=2&regex=%5B").statusCode())
        .isEqualTo(400);
  }

  @Test
  void unknownAppAnswersEmptyWithNextOffsetMinusOne() {
    RecentLines dump = client.recent("app-never-seen", 10);

    assertThat(dump.getLinesList()).isEmpty();
    assertThat(dump.getNextOffset()).isEqualTo(-1L);
  }

  @Test
  void missingAppOrBadNIsRejectedWithAReason() {
    var missingApp = client.get("/v1/recent?n=3");
    var badN = client.get("/v1/recent?app=a&n=zero");
    var negativeN = client.get("/v1/recent?app=a&n=-1");

    assertThat(missingApp.statusCode()).isEqualTo(400);
    assertThat(new String(missingApp.body(), StandardCharsets.UTF_8)).contains("app");
    assertThat(badN.statusCode()).isEqualTo(400);
    assertThat(negativeN.statusCode()).isEqualTo(400);
    assertThat(new String(badN.body(), StandardCharsets.UTF_8)).contains("n must be");
  }

  @Test
  void healthReportsRunning() {
    var health = client.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("RUNNING");
  }

  @Test
  void linesOfABoundAppReachItsDrainInOrderKeyedByBindingId() {
    String url = "syslog://drain-1.example:514";
    String bindingId = etcd.bind("app-drain-1", url);
    awaitRouted("app-drain-1", url);

    producer.send("app-drain-1", "ordered", 50);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        drains.forApp("app-drain-1").stream().filter(d -> d.text().startsWith("ordered")))
        .hasSize(50));
    List<DrainTopicReader.Drained> ordered = drains.forApp("app-drain-1").stream()
        .filter(d -> d.text().startsWith("ordered")).toList();
    assertThat(ordered).extracting(DrainTopicReader.Drained::key).containsOnly(bindingId);
    assertThat(ordered).extracting(DrainTopicReader.Drained::text)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> "ordered " + i).toList());
    assertThat(ordered.get(0).value().getDrainUrl()).isEqualTo(url);
  }

  @Test
  void bindingChangeMadeAsEtcdRestartsIsStillApplied() {
    String oldUrl = "syslog://old.example:514";
    String keptId = etcd.bind("app-drain-2", oldUrl);
    awaitRouted("app-drain-2", oldUrl);

    stack.etcd().stop();
    stack.etcd().start();
    etcd.delete("/loggregator/services/" + keptId);
    String newUrl = "syslog-tls://new.example:6514";
    etcd.bind("app-drain-2", newUrl);

    awaitRouted("app-drain-2", newUrl);
    producer.send("app-drain-2", "after change", 1);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        drains.forApp("app-drain-2").stream().filter(d -> d.text().equals("after change 0")))
        .extracting(d -> d.value().getDrainUrl()).containsExactly(newUrl));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        new String(client.get("/health").body(), StandardCharsets.UTF_8))
        .contains("\"etcdWatch\":\"WATCHING\""));
  }

  @Test
  void malformedBindingsAreSkippedCountedAndDoNotStopTheMirror() {
    etcd.put("/loggregator/services/app-drain-3/" + EtcdBindings.leaf("ftp://x"), "ftp://x");
    etcd.put("/loggregator/services/app-drain-3", "syslog://no-leaf.example:514");
    String url = "syslog://fine.example:514";
    etcd.bind("app-drain-3", url);

    awaitRouted("app-drain-3", url);

    String metrics = new String(client.get("/metrics").body(), StandardCharsets.UTF_8);
    assertThat(metrics)
        .containsPattern("kloggregator_router_bindings_skipped_total"
            + "\\{reason=\"unsupported_scheme\",?} [1-9]")
        .containsPattern("kloggregator_router_bindings_skipped_total"
            + "\\{reason=\"bad_etcd_key\",?} [1-9]")
        .as("every drop reason is scraped, at 0 until it happens")
        .contains(LogParser.DROP_REASONS.stream()
            .map(r -> "kloggregator_router_lines_dropped_total{reason=\"" + r + "\"}").toList())
        .as("query latency is a histogram")
        .contains("kloggregator_router_query_latency_seconds_bucket{le=\"0.01\"}")
        .as("Kafka's own client metrics are opt-in").doesNotContain("kafka_consumer_");
    assertThat(drains.forApp("app-drain-3")).extracting(d -> d.value().getDrainUrl())
        .containsOnly(url);
  }

  /** Sends probe lines until one reaches the drain topic addressed to {@code url}. */
  private static void awaitRouted(String app, String url) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          producer.send(app, "probe", 1);
          assertThat(drains.forApp(app)).extracting(d -> d.value().getDrainUrl()).contains(url);
        });
  }

  private static List<String> texts(RecentLines dump) {
    return dump.getLinesList().stream()
        .map(l -> l.getLogMessage().getMessage().toString(StandardCharsets.UTF_8)).toList();
  }
}
