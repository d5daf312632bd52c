package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.RecentLines;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.LogProducer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RouterRecoveryIT {

  private static LocalStack stack;
  private static Vertx vertx;
  private static LogProducer producer;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalStack.Options.forTests());
    vertx = Vertx.vertx();
    producer = LogProducer.batching(stack.bootstrapServers());
  }

  @AfterAll
  static void stopStack() {
    if (producer != null) {
      producer.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void eitherOfTwoInstancesAnswersTheSameForEveryApp() {
    List<String> apps = IntStream.range(0, 12).mapToObj(i -> "app-two-" + i).toList();
    for (String app : apps) {
      producer.send(app, "line of " + app, 30);
    }
    RouterConfig base = config("two-instances", "two-a").withMirrorBindings(false);
    try (StreamsRouter a = Routers.of(vertx, base);
        StreamsRouter b = Routers.of(vertx, config("two-instances", "two-b")
            .withMirrorBindings(false))) {
      a.start().await();
      b.start().await();
      RouterClient clientA = new RouterClient(a.httpPort());
      RouterClient clientB = new RouterClient(b.httpPort());

      for (String app : apps) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
          RecentLines fromA = clientA.recent(app, 1000);
          assertThat(fromA.getLinesCount()).isEqualTo(30);
          assertThat(clientB.recent(app, 1000)).isEqualTo(fromA);
        });
      }
    }
  }

  @Test
  void duringARebalanceEveryAnswerIsCompleteOrA503WithRetryAfter() throws Exception {
    List<String> apps = IntStream.range(0, 8).mapToObj(i -> "app-rebalance-" + i).toList();
    for (String app : apps) {
      producer.send(app, "line of " + app, 25);
    }
    try (StreamsRouter a = Routers.of(vertx, config("rebalance", "rebalance-a")
        .withMirrorBindings(false))) {
      a.start().await();
      RouterClient clientA = new RouterClient(a.httpPort());
      for (String app : apps) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
            assertThat(clientA.recent(app, 1000).getLinesCount()).isEqualTo(25));
      }
      int portB = FreePorts.pick();
      try (StreamsRouter b = Routers.of(vertx, RouterConfig.of(stack.bootstrapServers(),
          stack.etcdEndpoint(), stack.dir().resolve("rebalance-b"), portB)
          .withApplicationId("rebalance").withMirrorBindings(false))) {
        java.util.concurrent.CompletableFuture<Void> starting =
            java.util.concurrent.CompletableFuture.runAsync(() -> b.start().await());
        List<RouterClient> clients = List.of(clientA, new RouterClient(portB));
        Map<Integer, Integer> answers = new HashMap<>();
        // Poll both while the second instance joins and for a while after (follow-up
        // rebalances move warmed-up tasks): each answer is the whole dump or a 503.
        long pollUntil = Long.MAX_VALUE;
        while (System.nanoTime() < pollUntil) {
          if (starting.isDone() && pollUntil == Long.MAX_VALUE) {
            pollUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
          }
          for (String app : apps) {
            for (RouterClient client : clients) {
              java.net.http.HttpResponse<byte[]> response;
              try {
                response = client.recentResponse(app, 1000);
              } catch (java.io.UncheckedIOException notListeningYet) {
                continue;
              }
              answers.merge(response.statusCode(), 1, Integer::sum);
              if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
              } else {
                assertThat(response.statusCode()).isEqualTo(200);
                RecentLines dump = RecentLines.parseFrom(response.body());
                assertThat(dump.getLinesCount()).as("lines of %s in a 200 answer", app)
                    .isEqualTo(25);
                assertThat(dump.getLines(24).getLogMessage().getMessage().toStringUtf8())
                    .isEqualTo("line of " + app + " 24");
              }
            }
          }
        }
        starting.join();
        System.out.println("answers by status while the second router joined: " + answers);
        assertThat(answers.get(200)).as("answers by status: %s", answers).isPositive();
        for (String app : apps) {
          await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
              assertThat(clients.get(1).recent(app, 1000)).isEqualTo(clientA.recent(app, 1000)));
        }
      }
    }
  }

  @Test
  void routerKilledWithoutCleanShutdownRestartsWithAnIdenticalDump() {
    List<String> apps = List.of("app-kill-1", "app-kill-2");
    int port = FreePorts.pick();
    Map<String, String> env = childEnv("killed", port);
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "child-router-" + port + ".log");
    Map<String, RecentLines> before = new HashMap<>();
    try (ChildRouter child = new ChildRouter(env, port, log).start()) {
      RouterClient client = new RouterClient(port);
      for (String app : apps) {
        producer.send(app, "before kill", 1200);
      }
      for (String app : apps) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
            assertThat(client.recent(app, 1000).getLines(999).getLogMessage().getMessage()
                .toStringUtf8()).isEqualTo("before kill 1199"));
        before.put(app, client.recent(app, 1000));
      }

      child.kill();
      child.start();

      for (String app : apps) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
            assertThat(client.recent(app, 1000)).isEqualTo(before.get(app)));
      }
      producer.send("app-kill-1", "after restart", 10);
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        RecentLines after = client.recent("app-kill-1", 1000);
        assertThat(after.getLinesCount()).isEqualTo(1000);
        assertThat(after.getLines(999).getLogMessage().getMessage().toStringUtf8())
            .isEqualTo("after restart 9");
        assertThat(after.getLines(0)).isEqualTo(before.get("app-kill-1").getLines(10));
      });
    }
  }

  @Test
  void storeRebuiltFromTheLogTopicGivesTheSameDumpAndResendsNothingToDrains() {
    String app = "app-rebuild";
    String url = "syslog://rebuild.example:514";
    RouterConfig config = config("rebuild", "rebuild-state");
    RecentLines before;
    try (EtcdBindings etcd = new EtcdBindings(stack.etcdEndpoint());
        DrainTopicReader drains = new DrainTopicReader(stack.bootstrapServers())) {
      etcd.bind(app, url);
      try (StreamsRouter router = Routers.of(vertx, config)) {
        router.start().await();
        awaitRouted(drains, app, url);
        producer.send(app, "first", 20);
        before = awaitDrainedAndDump(router, drains, app, "first 19");
      }

      new RouterReplay(config).rebuildStore();

      try (StreamsRouter router = Routers.of(vertx, config.withDrainsSince(Instant.now()))) {
        router.start().await();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
            new RouterClient(router.httpPort()).recent(app, 1000)).isEqualTo(before));
        awaitDrainedAndDump(router, drains, app, "marker 0");
      }
      assertThat(drains.forApp(app).stream().filter(d -> d.text().startsWith("first")))
          .hasSize(20);
    }
  }

  @Test
  void replayFromATimeRoutesLinesFromThatTimeToDrainsAgain() {
    String app = "app-replay";
    String url = "syslog://replay.example:514";
    RouterConfig config = config("replay-from", "replay-state");
    long now = System.currentTimeMillis();
    try (EtcdBindings etcd = new EtcdBindings(stack.etcdEndpoint());
        DrainTopicReader drains = new DrainTopicReader(stack.bootstrapServers())) {
      etcd.bind(app, url);
      RecentLines before;
      try (StreamsRouter router = Routers.of(vertx, config)) {
        router.start().await();
        awaitRouted(drains, app, url);
        // Times after every record already in the partition: Kafka finds the first offset
        // whose time is at or after the replay time, so earlier offsets must be earlier in time.
        producer.send(app, "old", 5, now + 60_000);
        producer.send(app, "recent", 5, now + 120_000);
        before = awaitDrainedAndDump(router, drains, app, "recent 4");
      }

      new RouterReplay(config).replayFrom(Instant.ofEpochMilli(now + 90_000));

      try (StreamsRouter router = Routers.of(vertx, config)) {
        router.start().await();
        RecentLines after = awaitDrainedAndDump(router, drains, app, "marker 0");
        assertThat(after.getLinesList()).containsAll(before.getLinesList());
      }
      assertThat(drains.forApp(app).stream().filter(d -> d.text().startsWith("old")))
          .hasSize(5);
      assertThat(drains.forApp(app).stream().filter(d -> d.text().startsWith("recent")))
          .hasSize(10);
    }
  }

  /** Sends probe lines until one reaches the drain topic addressed to {@code url}. */
  private static void awaitRouted(DrainTopicReader drains, String app, String url) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          producer.send(app, "probe", 1);
          assertThat(drains.forApp(app)).extracting(d -> d.value().getDrainUrl()).contains(url);
        });
  }

  /**
   * Waits until the line {@code last} has reached the drain (sending it first when it is a
   * marker), then returns the dump. One drain's records are in order, so all before it are in.
   */
  private static RecentLines awaitDrainedAndDump(StreamsRouter router, DrainTopicReader drains,
      String app, String last) {
    if (last.startsWith("marker")) {
      producer.send(app, "marker", 1);
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(drains.forApp(app))
        .extracting(DrainTopicReader.Drained::text).contains(last));
    RouterClient client = new RouterClient(router.httpPort());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
        assertThat(client.recent(app, 1000).getLinesList()).extracting(
            l -> l.getLogMessage().getMessage().toStringUtf8()).contains(last));
    return client.recent(app, 1000);
  }

  private RouterConfig config(String applicationId, String dir) {
    return RouterConfig.of(stack.bootstrapServers(), stack.etcdEndpoint(),
        stack.dir().resolve(dir), 0).withApplicationId(applicationId);
  }

  /** A child router that commits only once a minute, so a kill leaves work to redo. */
  private Map<String, String> childEnv(String applicationId, int port) {
    return Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
        "KLOGGREGATOR_ETCD_ENDPOINTS", stack.etcdEndpoint(),
        "KLOGGREGATOR_ROUTER_STATE_DIR", stack.dir().resolve("child-state").toString(),
        "KLOGGREGATOR_ROUTER_HTTP_HOST", "127.0.0.1",
        "KLOGGREGATOR_ROUTER_HTTP_PORT", String.valueOf(port),
        "KLOGGREGATOR_ROUTER_APPLICATION_ID", applicationId,
        "KLOGGREGATOR_ROUTER_MIRROR_BINDINGS", "false",
        "KLOGGREGATOR_ROUTER_COMMIT_INTERVAL_MS", "60000",
        "KLOGGREGATOR_ROUTER_KAFKA_SESSION_TIMEOUT_MS", "6000");
  }
}
