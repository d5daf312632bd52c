package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.schemas.proto.LogMessage;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedStack.class)
class DrainForwarderIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

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
  static void stopStack() {
    fixtures.close();
  }

  @BeforeEach
  void freshGroup() {
    dir = TempDirs.create("drain-it-");
    group = "it-" + UUID.randomUUID();
    fixtures.startGroupAtEnd(group);
  }

  @AfterEach
  void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  private TestForwarders.Running forwarder() {
    return new TestForwarders.Running(
        TestForwarders.config(stack.bootstrapServers(), group, dir));
  }

  @Test
  void rsyslogReceivesTheOriginalsLinesExactlyAndInOrder() {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.plain(dir.resolve("rsyslog"));
        TestForwarders.Running f = forwarder()) {
      String url = "syslog://127.0.0.1:" + rsyslog.port();
      String app = "6f0b0c5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
      long ts = DrainFixtures.BASE_TS + 123_456_789L;

      fixtures.send(url, DrainFixtures.line(app, "hello", LogMessage.MessageType.OUT, ts));
      fixtures.send(url, DrainFixtures.line(app, "boom", LogMessage.MessageType.ERR, ts + 1000));
      fixtures.send(url, DrainFixtures.line(app, "Exception\n\tat a.b(C.java:1)",
          LogMessage.MessageType.ERR, ts + 2000));
      fixtures.send(url, DrainFixtures.line(app, "grüße ✓", LogMessage.MessageType.OUT,
          ts + 3000));
      fixtures.send(url, DrainFixtures.line(app, "GET / 200", LogMessage.MessageType.OUT,
          ts + 4000).toBuilder().setSourceName("RTR").build());
      fixtures.flush();

      await().atMost(WAIT).until(() -> rsyslog.received().size() >= 5);
      String head = " loggregator " + app + " ";
      assertThat(rsyslog.received()).extracting(RsyslogReceiver.Received::raw).containsExactly(
          "<14>1 2025-11-25T02:35:00.123456+00:00" + head + "[App/0] - - hello",
          "<11>1 2025-11-25T02:35:00.123457+00:00" + head + "[App/0] - - boom",
          "<11>1 2025-11-25T02:35:00.123458+00:00" + head
              + "[App/0] - - Exception\n\tat a.b(C.java:1)",
          "<14>1 2025-11-25T02:35:00.123459+00:00" + head + "[App/0] - - grüße ✓",
          "<14>1 2025-11-25T02:35:00.123460+00:00" + head + "[RTR] - - GET / 200");
      assertThat(rsyslog.received()).extracting(RsyslogReceiver.Received::pri)
          .containsExactly("14", "11", "11", "14", "14");
    }
  }

  @Test
  void newlineFramingIsSelectedPerDrain() {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.plain(dir.resolve("rsyslog"));
        TestForwarders.Running f = forwarder()) {
      String url = "syslog://127.0.0.1:" + rsyslog.port() + "?framing=lf";

      List<String> sent = fixtures.sendNumbered(url, "app-lf", "lf", 0, 20);
      fixtures.flush();

      await().atMost(WAIT).until(() -> rsyslog.messages().size() >= 20);
      assertThat(rsyslog.messages()).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void aDeadDrainFallsBehindAloneAndCatchesUpWhenItsReceiverAppears() {
    int deadPort = FreePorts.pick();
    try (RsyslogReceiver live = RsyslogReceiver.plain(dir.resolve("live"));
        TestForwarders.Running f = forwarder()) {
      String liveUrl = "syslog://127.0.0.1:" + live.port();
      String deadUrl = "syslog://127.0.0.1:" + deadPort;
      String app = "app-" + UUID.randomUUID();

      List<String> toDead = fixtures.sendNumbered(deadUrl, app, "dead", 0, 200);
      List<String> toLive = fixtures.sendNumbered(liveUrl, app, "live", 0, 200);
      fixtures.flush();

      await().atMost(WAIT).until(() -> live.messages().size() >= 200);
      assertThat(live.messages()).containsExactlyElementsOf(toLive);
      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.startsWith("drain " + deadUrl + " unreachable since ")
              && t.contains("Connection refused")));
      LogMessage notice = fixtures.notices(app).get(0);
      assertThat(notice.getSourceName()).isEqualTo("LGR");
      assertThat(notice.getMessageType()).isEqualTo(LogMessage.MessageType.ERR);

      try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), deadPort)) {
        await().atMost(WAIT).until(() -> late.messages().size() >= 200);
        assertThat(late.messages()).containsExactlyElementsOf(toDead);
      }
    }
  }

  @Test
  void aDrainPastItsBacklogBoundFallsBehindWithoutStallingItsPartition() {
    int deadPort = FreePorts.pick();
    ForwarderConfig config = TestForwarders.config(stack.bootstrapServers(), group, dir)
        .withLimits(new ForwarderConfig.Limits(50, 64 * 1024));
    try (RsyslogReceiver live = RsyslogReceiver.plain(dir.resolve("live"));
        TestForwarders.Running f = new TestForwarders.Running(config)) {
      String liveUrl = "syslog://127.0.0.1:" + live.port();
      String deadUrl = "syslog://127.0.0.1:" + deadPort;
      String app = "app-" + UUID.randomUUID();
      List<String> toDead = new java.util.ArrayList<>();
      List<String> toLive = new java.util.ArrayList<>();

      for (int i = 0; i < 1000; i++) {
        String d = String.format(java.util.Locale.ROOT, "dead-%04d", i);
        String l = String.format(java.util.Locale.ROOT, "live-%04d", i);
        fixtures.sendTo(0, deadUrl, DrainFixtures.line(app, d, LogMessage.MessageType.OUT, 0));
        fixtures.sendTo(0, liveUrl, DrainFixtures.line(app, l, LogMessage.MessageType.OUT, 0));
        toDead.add(d);
        toLive.add(l);
      }
      fixtures.flush();

      await().atMost(WAIT).until(() -> live.messages().size() >= 1000);
      assertThat(live.messages()).containsExactlyElementsOf(toLive);
      assertThat(f.counter("kloggregator.drain.catchups")).isPositive();
      try (RsyslogReceiver late = RsyslogReceiver.plain(dir.resolve("late"), deadPort)) {
        await().atMost(WAIT).until(() -> late.messages().size() >= 1000);
        assertThat(late.messages()).containsExactlyElementsOf(toDead);
      }
    }
  }

  @Test
  void refusedUrlsAreNeverDialledButCountedAndNoticed() {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.plain(dir.resolve("rsyslog"));
        TestForwarders.Running f = new TestForwarders.Running(TestForwarders.config(
            stack.bootstrapServers(), group, dir).withPolicy(
                ForwarderConfig.Policy.publicOnly()))) {
      String app = "app-" + UUID.randomUUID();
      String loopback = "syslog://127.0.0.1:" + rsyslog.port();

      fixtures.sendNumbered(loopback, app, "x", 0, 5);
      fixtures.sendNumbered("http://example.com/logs", app, "y", 0, 3);
      fixtures.sendRaw("junk", new byte[] {1, 2, 3});
      fixtures.flush();

      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(f.counter("kloggregator.drain.dropped", "reason", "refused_url")).isEqualTo(8);
        assertThat(f.counter("kloggregator.drain.dropped", "reason", "bad_record")).isEqualTo(1);
      });
      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.contains("refused, never dialled: host resolves to a loopback"))
          .anyMatch(t -> t.contains("refused, never dialled: plain http:// is not supported")));
      assertThat(rsyslog.received()).isEmpty();
    }
  }

  @Test
  void aQuietDrainClosesItsConnectionAfterItsIdleTimeoutAndKeepsItsMeters() throws Exception {
    ForwarderConfig config = TestForwarders.config(stack.bootstrapServers(), group, dir);
    config = config.withTiming(config.timing().withIdle(Duration.ofSeconds(2)));
    try (RsyslogReceiver rsyslog = RsyslogReceiver.plain(dir.resolve("rsyslog"));
        TestForwarders.Running f = new TestForwarders.Running(config)) {
      String url = "syslog://127.0.0.1:" + rsyslog.port();
      String drain = DrainMetrics.shortId(url);

      fixtures.sendNumbered(url, "app-idle", "i", 0, 5);
      fixtures.flush();
      await().atMost(WAIT).until(() -> rsyslog.messages().size() >= 5);

      await().atMost(WAIT).untilAsserted(() ->
          assertThat(f.get("/health").body()).contains("\"drains\":\"0\""));
      assertThat(f.registry.find("kloggregator.drain.state").tag("drain", drain).gauge().value())
          .isEqualTo(DrainMetrics.State.IDLE.ordinal());
      assertThat(f.get("/metrics").body())
          .contains("kloggregator_drain_sent_total{drain=\"" + drain + "\"} 5.0");
    }
  }

  @Test
  void aBoundDrainHasItsMetersFromTheBindingOnBeforeAnyLineAndUntilItIsUnbound()
      throws Exception {
    String app = "app-" + UUID.randomUUID();
    String before = "syslog://127.0.0.1:" + FreePorts.pick();
    String after = "https-batch://localhost:" + FreePorts.pick() + "/quiet";
    fixtures.bind(app, before);
    fixtures.flush();
    try (TestForwarders.Running f = forwarder()) {
      fixtures.bind(app, after);
      fixtures.flush();

      for (String url : List.of(before, after)) {
        String drain = "drain=\"" + DrainMetrics.shortId(url) + "\"";
        await().atMost(WAIT).untilAsserted(() -> assertThat(f.get("/metrics").body())
            .contains("kloggregator_drain_sent_total{" + drain + "} 0.0")
            .contains("kloggregator_drain_resent_total{" + drain + "} 0.0")
            .contains("kloggregator_drain_backlog{" + drain + "} 0.0")
            .contains("kloggregator_drain_state{" + drain + "} 0.0")
            .contains("kloggregator_drain_failed_total{" + drain + ",reason=\"connect\"} 0.0")
            .contains("kloggregator_drain_failed_total{" + drain + ",reason=\"timeout\"} 0.0")
            .contains("kloggregator_drain_dropped_total{" + drain + ",reason=\"rejected\"} 0.0"));
      }
      // The forwarder's own drop reasons are there at 0 before anything was dropped.
      assertThat(f.get("/metrics").body())
          .contains("kloggregator_drain_dropped_total{reason=\"bad_record\"} 0.0")
          .contains("kloggregator_drain_dropped_total{reason=\"unbound\"} 0.0")
          .contains("kloggregator_drain_dropped_total{reason=\"own_notice\"} 0.0");
      assertThat(f.get("/health").body()).contains("\"drains\":\"0\"");

      fixtures.unbind(app, before);
      fixtures.flush();
      String gone = "drain=\"" + DrainMetrics.shortId(before) + "\"";
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(f.get("/metrics").body()).doesNotContain(gone));
      assertThat(f.get("/metrics").body())
          .contains("kloggregator_drain_sent_total{drain=\"" + DrainMetrics.shortId(after)
              + "\"} 0.0");
    }
  }

  @Test
  void aReceiverThatStopsReadingIsCutOffAfterTheSendTimeout() throws Exception {
    ForwarderConfig.Timing t = TestForwarders.config(stack.bootstrapServers(), group, dir)
        .timing();
    ForwarderConfig config = TestForwarders.config(stack.bootstrapServers(), group, dir)
        .withTiming(new ForwarderConfig.Timing(t.backoffMin(), t.backoffMax(),
            t.connectTimeout(), Duration.ofSeconds(2), t.settle(), t.idle(), t.notice(),
            t.commitInterval()));
    // Never accepts, never reads: the kernel completes the handshake and then fills up.
    try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress());
        TestForwarders.Running f = new TestForwarders.Running(config)) {
      String url = "syslog://127.0.0.1:" + blackHole.getLocalPort();
      String app = "app-" + UUID.randomUUID();

      fixtures.sendNumbered(url, app, "filler-" + "x".repeat(1000), 0, 15_000);
      fixtures.flush();

      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(m -> m.endsWith(": send timeout")));
      // What was stuck behind the full socket goes out again on the next connection. (What the
      // kernel took before the buffers filled looked delivered: TCP syslog has no ack.)
      await().atMost(WAIT).until(() ->
          f.counter("kloggregator.drain.resent", "drain", DrainMetrics.shortId(url)) > 0);
      assertThat(f.counter("kloggregator.drain.failed", "drain", DrainMetrics.shortId(url)))
          .isPositive();
    }
  }

  @Test
  void opsEndpointReportsHealthAndPerDrainMetrics() throws Exception {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.plain(dir.resolve("rsyslog"));
        TestForwarders.Running f = forwarder()) {
      String url = "syslog://127.0.0.1:" + rsyslog.port();

      fixtures.sendNumbered(url, "app-ops", "m", 0, 10);
      fixtures.flush();

      String drain = DrainMetrics.shortId(url);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.sent", "drain", drain) == 10);
      var health = f.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"drains\":\"1\"");
      assertThat(f.get("/metrics").body())
          .contains("kloggregator_drain_sent_total{drain=\"" + drain + "\"} 10.0")
          .contains("kloggregator_drain_backlog{drain=\"" + drain + "\"} 0.0")
          .contains("kloggregator_drain_state{drain=\"" + drain + "\"} 2.0")
          .contains("kloggregator_drain_head_commit_latency_seconds_bucket{le=\"+Inf\"}")
          .doesNotContain("kloggregator_drain_head_commit_latency_seconds_count 0");
    }
  }
}
