package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.kloggregator.testkit.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drains isolated from each other (issue 15): a dead drain does not hold back a healthy one in
 * its partition across a restart, and every line a healthy drain gets again is counted; an
 * unbound drain is gone (a listener that opens later gets nothing); a bound drain keeps its
 * meters; notice lines never reach the drain they are about.
 */
@ExtendWith(SharedStack.class)
class DrainIsolationIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  /** The fall-behind bound these tests run with (the default is 10 s). */
  private static final Duration FALL_BEHIND = Duration.ofSeconds(5);

  private static LocalStack stack;
  private static DrainFixtures fixtures;
  private Path dir;
  private String group;

  @BeforeAll
  static void startStack(LocalStack shared) {
    stack = shared;
    fixtures = new DrainFixtures(stack.bootstrapServers());
  }

  @AfterAll
  static void closeFixtures() {
    fixtures.close();
  }

  @BeforeEach
  void freshGroup() {
    dir = TempDirs.create("drain-isolation-it-");
    group = "isolation-" + UUID.randomUUID();
    fixtures.startGroupAtEnd(group);
  }

  @AfterEach
  void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  private static List<String> sendTo0(String url, String app, String prefix, int n) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String text = String.format(Locale.ROOT, "%s-%04d", prefix, i);
      fixtures.sendTo(0, url, DrainFixtures.line(app, text, LogMessage.MessageType.OUT,
          DrainFixtures.BASE_TS + i * 1000L));
      texts.add(text);
    }
    fixtures.flush();
    return texts;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void afterACrashAHealthyDrainGetsAgainOnlyItsInFlightLinesAndEachIsCountedAsResent()
      throws Exception {
    int deadPort = FreePorts.pick();
    int holderPort = FreePorts.pick();
    int opsPort = FreePorts.pick();
    Map<String, String> env = new HashMap<>(Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", stack.bootstrapServers(),
        "KLOGGREGATOR_DRAIN_GROUP_ID", group,
        "KLOGGREGATOR_DRAIN_OPS_HOST", "127.0.0.1",
        "KLOGGREGATOR_DRAIN_OPS_PORT", String.valueOf(opsPort),
        "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", "true",
        "KLOGGREGATOR_DRAIN_SETTLE_MS", "300",
        "KLOGGREGATOR_DRAIN_COMMIT_INTERVAL_MS", "200",
        "KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS", "1000",
        "KLOGGREGATOR_DRAIN_FALL_BEHIND_MS", String.valueOf(FALL_BEHIND.toMillis())));
    env.put("KLOGGREGATOR_DRAIN_KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KLOGGREGATOR_DRAIN_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "forwarder-isolation-it.log");
    Files.deleteIfExists(log);
    String app = "app-" + UUID.randomUUID();
    try (RsyslogReceiver healthy = RsyslogReceiver.plain(dir.resolve("healthy"))) {
      String healthyUrl = "syslog://127.0.0.1:" + healthy.port();
      String deadUrl = "syslog://127.0.0.1:" + deadPort;
      String holderUrl = "syslog://127.0.0.1:" + holderPort;
      long start = fixtures.committed(group);
      List<String> toDead;
      List<String> first;
      List<String> inFlight;
      try (ForwarderProcess before = ForwarderProcess.start(env, log)) {
        await().atMost(WAIT).until(() -> isConsuming(opsPort));
        toDead = sendTo0(deadUrl, app, "dead", 50);
        first = sendTo0(healthyUrl, app, "first", 50);
        await().atMost(WAIT).until(() -> healthy.messages().size() >= 50);
        // The dead drain falls behind alone: the partition's commit passes its 50 lines.
        await().atMost(WAIT).until(() -> fixtures.committed(group) - start >= 100);

        // A second dead drain, not yet past the bound, holds the commit below these 20 lines.
        List<String> toHolder = sendTo0(holderUrl, app, "holder", 5);
        assertThat(toHolder).hasSize(5);
        inFlight = sendTo0(healthyUrl, app, "inflight", 20);
        await().atMost(WAIT).until(() -> healthy.messages().size() >= 70);
        before.kill();
      }
      assertThat(healthy.messages()).containsExactlyElementsOf(concat(first, inFlight));

      try (ForwarderProcess after = ForwarderProcess.start(env, log)) {
        await().atMost(WAIT).until(() -> isConsuming(opsPort));
        List<String> later = sendTo0(healthyUrl, app, "later", 10);
        await().atMost(WAIT).until(() -> healthy.messages().containsAll(later));
        String id = DrainMetrics.shortId(healthyUrl);
        await().atMost(WAIT).until(() -> scrape(opsPort, "kloggregator_drain_sent_total", id)
            >= inFlight.size() + later.size());

        // Sent again: exactly the lines in flight at the crash (within the stated window), each
        // counted; the 50 delivered and committed before were not sent again.
        List<String> received = healthy.messages();
        int again = received.size() - first.size() - inFlight.size() - later.size();
        assertThat(received).containsExactlyElementsOf(
            concat(concat(concat(first, inFlight), inFlight), later));
        assertThat(again).isEqualTo(inFlight.size());
        assertThat(scrape(opsPort, "kloggregator_drain_resent_total", id)).isEqualTo(again);

        // The dead drain kept its own position across the crash and catches up from there.
        try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), deadPort)) {
          await().atMost(WAIT).until(() -> late.messages().size() >= toDead.size());
          assertThat(late.messages()).containsExactlyElementsOf(toDead);
        }
      }
    }
  }

  @Test
  void underSteadyLoadADeadDrainStopsHoldingItsPartitionOnceBehindTheBound() throws Exception {
    int deadPort = FreePorts.pick();
    ForwarderConfig config = TestForwarders.config(stack.bootstrapServers(), group, dir)
        .withIsolation(new ForwarderConfig.Isolation(Duration.ofSeconds(2), 50_000, false));
    String app = "app-" + UUID.randomUUID();
    java.util.concurrent.ScheduledExecutorService load =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try (RsyslogReceiver healthy = RsyslogReceiver.plain(dir.resolve("healthy"));
        TestForwarders.Running f = new TestForwarders.Running(config)) {
      String healthyUrl = "syslog://127.0.0.1:" + healthy.port();
      String deadUrl = "syslog://127.0.0.1:" + deadPort;
      long start = fixtures.committed(group);
      java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic
          .AtomicInteger();
      // Every 50 ms, lines for both: the consumer never sees a quiet poll.
      load.scheduleAtFixedRate(() -> {
        int t = ticks.getAndIncrement();
        sendTo0(deadUrl, app, "dead" + t, 5);
        sendTo0(healthyUrl, app, "live" + t, 5);
      }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);

      await().atMost(WAIT).until(() -> ticks.get() >= 100);
      int sentBy5s = ticks.get() * 10;

      // Within the bound (2 s) plus a few commit intervals the commit passes the dead drain's
      // first lines and follows the healthy drain.
      await().atMost(Duration.ofSeconds(10)).until(() ->
          fixtures.committed(group) - start >= sentBy5s);
      assertThat(f.counter("kloggregator.drain.fell_behind")).isEqualTo(1);
    } finally {
      load.shutdownNow();
    }
  }

  @Test
  void afterACleanRestartAHealthyDrainGetsNothingAgainAndTheDeadOneCatchesUpAlone() {
    int deadPort = FreePorts.pick();
    ForwarderConfig config = TestForwarders.config(stack.bootstrapServers(), group, dir)
        .withIsolation(new ForwarderConfig.Isolation(FALL_BEHIND, 50_000, false));
    String app = "app-" + UUID.randomUUID();
    try (RsyslogReceiver healthy = RsyslogReceiver.plain(dir.resolve("healthy"))) {
      String healthyUrl = "syslog://127.0.0.1:" + healthy.port();
      String deadUrl = "syslog://127.0.0.1:" + deadPort;
      List<String> toDead;
      List<String> first;
      try (TestForwarders.Running before = new TestForwarders.Running(config)) {
        toDead = sendTo0(deadUrl, app, "dead", 50);
        first = sendTo0(healthyUrl, app, "first", 50);
        await().atMost(WAIT).until(() -> healthy.messages().size() >= 50);
        await().atMost(WAIT).until(() -> before.counter("kloggregator.drain.sent", "drain",
            DrainMetrics.shortId(healthyUrl)) >= 50);
      }

      try (TestForwarders.Running after = new TestForwarders.Running(config)) {
        List<String> later = sendTo0(healthyUrl, app, "later", 10);
        await().atMost(WAIT).until(() -> healthy.messages().size() >= 60);
        try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), deadPort)) {
          await().atMost(WAIT).until(() -> late.messages().size() >= toDead.size());
          assertThat(late.messages()).containsExactlyElementsOf(toDead);
        }

        assertThat(healthy.messages()).containsExactlyElementsOf(concat(first, later));
        assertThat(after.counter("kloggregator.drain.resent", "drain",
            DrainMetrics.shortId(healthyUrl))).isZero();
      }
    }
  }

  @Test
  void aDrainUnboundWhileFailingIsGoneAndALateListenerGetsNothing() throws Exception {
    int port = FreePorts.pick();
    String url = "syslog://127.0.0.1:" + port;
    String id = DrainMetrics.shortId(url);
    String app = "app-" + UUID.randomUUID();
    fixtures.bind(app, url);
    fixtures.flush();
    try (TestForwarders.Running f = new TestForwarders.Running(
        TestForwarders.config(stack.bootstrapServers(), group, dir))) {
      fixtures.sendNumbered(url, app, "u", 0, 400);
      fixtures.flush();
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.failed", "drain", id) >= 2);

      fixtures.unbind(app, url);
      fixtures.flush();

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(f.counter("kloggregator.drain.dropped", "reason", "unbound")).isEqualTo(400);
        assertThat(f.registry.find("kloggregator.drain.state").tag("drain", id).gauge())
            .isNull();
      });
      // Lines the router wrote before it saw the unbind are dropped too.
      fixtures.sendNumbered(url, app, "stale", 0, 50);
      fixtures.flush();
      await().atMost(WAIT).until(() ->
          f.counter("kloggregator.drain.dropped", "reason", "unbound") >= 450);
      try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), port)) {
        // Longer than three of the test's longest reconnect delays (1 s).
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
            .until(() -> late.received().isEmpty());
        assertThat(f.get("/health").body()).contains("\"drains\":\"0\"");
      }
    }
  }

  @Test
  void noticesAboutAFailingDrainNeverReachItAndReachTheOthersOnlyWhenConfigured() {
    int deadPort = FreePorts.pick();
    String app = "app-" + UUID.randomUUID();
    try (RsyslogReceiver other = RsyslogReceiver.plain(dir.resolve("other"))) {
      String deadUrl = "syslog://127.0.0.1:" + deadPort;
      String otherUrl = "syslog://127.0.0.1:" + other.port();
      LogMessage notice;
      try (TestForwarders.Running f = new TestForwarders.Running(
          TestForwarders.config(stack.bootstrapServers(), group, dir))) {
        fixtures.sendNumbered(deadUrl, app, "d", 0, 3);
        fixtures.flush();
        await().atMost(WAIT).until(() -> !fixtures.notices(app).isEmpty());
        notice = fixtures.notices(app).get(0);

        // What the router does with the app's notice line: route it to each of its drains.
        fixtures.send(deadUrl, notice);
        fixtures.send(otherUrl, notice);
        fixtures.sendNumbered(otherUrl, app, "o", 0, 1);
        fixtures.flush();

        await().atMost(WAIT).until(() -> other.messages().contains("o-000000"));
        assertThat(other.messages()).containsExactly("o-000000");
        assertThat(f.counter("kloggregator.drain.dropped", "reason", "own_notice")).isEqualTo(2);
      }

      ForwarderConfig toOthers = TestForwarders.config(stack.bootstrapServers(), group, dir)
          .withIsolation(new ForwarderConfig.Isolation(FALL_BEHIND, 50_000, true));
      try (TestForwarders.Running f = new TestForwarders.Running(toOthers)) {
        fixtures.send(deadUrl, notice);
        fixtures.send(otherUrl, notice);
        fixtures.flush();
        String text = notice.getMessage().toStringUtf8();

        await().atMost(WAIT).until(() -> other.messages().contains(text));
        try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), deadPort)) {
          await().atMost(WAIT).until(() -> late.messages().size() >= 3);
          assertThat(late.messages()).containsExactly("d-000000", "d-000001", "d-000002");
        }
      }
    }
  }

  /** Up and owning partitions. */
  private static boolean isConsuming(int port) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && !r.body().contains("\"partitions\":\"0\"");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A drain's meter from a forwarder's {@code /metrics}; -1 when absent or unreachable. */
  private static double scrape(int port, String meter, String drain) {
    try {
      String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String prefix = meter + "{drain=\"" + drain + "\"} ";
      return body.lines().filter(l -> l.startsWith(prefix))
          .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst()
          .orElse(-1);
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
