package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kloggregator.testkit.LocalStack;
import io.kloggregator.testkit.SharedStack;
import io.kloggregator.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code https://} and {@code https-batch://} drains through the real forwarder on the real
 * broker, against a real TLS HTTP server: exact bodies and headers, retries, drops, timeouts,
 * mutual TLS and refused URLs.
 */
@ExtendWith(SharedStack.class)
class DrainHttpsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String HEAD = "1 2025-11-25T02:35:00.%06d+00:00 loggregator %s [App/0] - - ";

  private static LocalStack stack;
  private static DrainFixtures fixtures;
  private static Path pki;
  private static TestCerts certs;
  private String group;
  private String app;

  @BeforeAll
  static void startStack(LocalStack shared) {
    stack = shared;
    fixtures = new DrainFixtures(stack.bootstrapServers());
    pki = TempDirs.create("drain-https-pki-");
    certs = TestCerts.create(pki);
  }

  @AfterAll
  static void stopStack() {
    fixtures.close();
    TempDirs.deleteRecursively(pki);
  }

  @BeforeEach
  void freshGroup() {
    group = "https-" + UUID.randomUUID();
    app = "app-" + UUID.randomUUID();
    fixtures.startGroupAtEnd(group);
  }

  private TestForwarders.Running forwarder() {
    return new TestForwarders.Running(TestForwarders.config(stack.bootstrapServers(), group, pki));
  }

  /** Like {@link #forwarder()} with a 1 s request timeout. */
  private TestForwarders.Running impatientForwarder() {
    ForwarderConfig c = TestForwarders.config(stack.bootstrapServers(), group, pki);
    ForwarderConfig.Timing t = c.timing();
    return new TestForwarders.Running(c.withTiming(new ForwarderConfig.Timing(t.backoffMin(),
        t.backoffMax(), t.connectTimeout(), Duration.ofSeconds(1), t.settle(), t.idle(),
        t.notice(), t.commitInterval())));
  }

  private static HttpsReceiver receiver(IntFunction<HttpsReceiver.Reply> replies) {
    return HttpsReceiver.start(certs, false, replies);
  }

  private String line(int i) {
    return "<14>" + String.format(HEAD, i, app) + "h-" + String.format("%06d", i) + "\n";
  }

  @Test
  void httpsPostsEachLineAsItsOwnTextPlainRequestWithBasicAuth() {
    try (HttpsReceiver r = receiver(n -> HttpsReceiver.Reply.status(204));
        TestForwarders.Running f = forwarder()) {
      String url = "https://user:s%3Acret@localhost:" + r.port() + "/drain/in?ca=ca.pem&k=v";

      fixtures.sendNumbered(url, app, "h", 0, 3);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.requests().size() >= 3);
      assertThat(r.requests()).extracting(HttpsReceiver.Request::body)
          .containsExactly(line(0), line(1), line(2));
      for (HttpsReceiver.Request q : r.requests()) {
        assertThat(q.method()).isEqualTo("POST");
        assertThat(q.uri()).isEqualTo("/drain/in?k=v");
        assertThat(q.header("Content-Type")).isEqualTo("text/plain");
        assertThat(q.header("Authorization")).isEqualTo("Basic dXNlcjpzOmNyZXQ=");
        assertThat(q.header("Host")).isEqualTo("localhost:" + r.port());
        assertThat(q.header("Content-Length")).isEqualTo(String.valueOf(line(0).length()));
      }
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.sent", "drain",
          DrainMetrics.shortId(url)) == 3);
    }
  }

  @Test
  void httpsBatchPostsNewlineTerminatedLinesAtTheTimeBound() {
    try (HttpsReceiver r = receiver(n -> HttpsReceiver.Reply.status(200));
        TestForwarders.Running f = forwarder()) {
      String url = "https-batch://localhost:" + r.port() + "/batch?ca=ca.pem";

      fixtures.sendNumbered(url, app, "h", 0, 200);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.lines() >= 200);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        expected.append(line(i));
      }
      assertThat(String.join("", r.requests().stream().map(HttpsReceiver.Request::body)
          .toList())).isEqualTo(expected.toString());
      assertThat(r.requests().size()).isBetween(1, 3);
      assertThat(r.requests().get(0).header("Content-Type")).isEqualTo("text/plain");
    }
  }

  @Test
  void theOriginalsOctetCountedBodyIsSelectable() {
    try (HttpsReceiver r = receiver(n -> HttpsReceiver.Reply.status(200));
        TestForwarders.Running f = forwarder()) {
      String url = "https://localhost:" + r.port() + "/?ca=ca.pem&framing=octet";

      fixtures.sendNumbered(url, app, "h", 0, 1);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.requests().size() >= 1);
      assertThat(r.requests().get(0).body()).isEqualTo(line(0).length() + " " + line(0));
    }
  }

  @Test
  void retriesOn5xxAnd429InOrderAndALogplexRetryKeepsItsFrameId() {
    try (HttpsReceiver r = receiver(n -> HttpsReceiver.Reply.status(n == 0 ? 503
        : n == 1 ? 429 : n == 2 ? 500 : 200)); TestForwarders.Running f = forwarder()) {
      String url = "https-batch://localhost:" + r.port()
          + "/?ca=ca.pem&framing=logplex&drain-token=d.test";

      fixtures.sendNumbered(url, app, "h", 0, 20);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.requests().size() >= 4);
      List<HttpsReceiver.Request> all = r.requests();
      HttpsReceiver.Request first = all.get(0);
      HttpsReceiver.Request delivered = all.get(3);
      assertThat(delivered.body()).isEqualTo(first.body());
      assertThat(delivered.header("Logplex-Frame-Id")).isEqualTo(first.header("Logplex-Frame-Id"));
      assertThat(delivered.header("Content-Type")).isEqualTo("application/logplex-1");
      assertThat(delivered.header("Logplex-Msg-Count")).isEqualTo("20");
      assertThat(delivered.header("Logplex-Drain-Token")).isEqualTo("d.test");
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        expected.append(line(i).length()).append(' ').append(line(i));
      }
      assertThat(delivered.body()).isEqualTo(expected.toString());
      assertThat(f.counter("kloggregator.drain.failed", "drain", DrainMetrics.shortId(url)))
          .isEqualTo(3);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.sent", "drain",
          DrainMetrics.shortId(url)) == 20);
    }
  }

  @Test
  void a4xxOrA3xxIsACountedDropWithANoticeAndNoRedirectIsFollowed() {
    try (HttpsReceiver r = receiver(n -> HttpsReceiver.Reply.status(n == 0 ? 404
        : n == 1 ? 302 : 200)); TestForwarders.Running f = forwarder()) {
      String url = "https://localhost:" + r.port() + "/in?ca=ca.pem";

      fixtures.sendNumbered(url, app, "h", 0, 3);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.requests().size() >= 3);
      assertThat(r.requests()).extracting(HttpsReceiver.Request::uri)
          .containsExactly("/in", "/in", "/in");
      assertThat(r.requests().get(2).body()).isEqualTo(line(2));
      String id = DrainMetrics.shortId(url);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.sent", "drain", id) == 1);
      assertThat(f.counter("kloggregator.drain.dropped", "drain", id, "reason", "rejected"))
          .isEqualTo(2);
      assertThat(f.counter("kloggregator.drain.failed", "drain", id)).isZero();
      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.equals("drain https://localhost:" + r.port()
              + " refused 1 lines, dropped: HTTP 404 Not Found")));
    }
  }

  @Test
  void aHangingOrEarlyClosingReceiverTimesOutIsCountedAndGetsTheLinesLater() {
    try (HttpsReceiver r = receiver(n -> n == 0 ? HttpsReceiver.Reply.hang()
        : n == 1 ? HttpsReceiver.Reply.closeConnection() : HttpsReceiver.Reply.slow(200, 300));
        TestForwarders.Running f = impatientForwarder()) {
      String url = "https://localhost:" + r.port() + "/?ca=ca.pem";

      fixtures.sendNumbered(url, app, "h", 0, 3);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.requests().size() >= 3);
      assertThat(r.requests()).extracting(HttpsReceiver.Request::body)
          .containsExactly(line(0), line(1), line(2));
      assertThat(r.seen()).isEqualTo(5);
      String id = DrainMetrics.shortId(url);
      assertThat(f.counter("kloggregator.drain.failed", "drain", id)).isEqualTo(2);
      assertThat(f.counter("kloggregator.drain.failed", "drain", id, "reason",
          LinkFailure.TIMEOUT)).isEqualTo(1);
      assertThat(f.counter("kloggregator.drain.failed", "drain", id, "reason",
          LinkFailure.CLOSED)).isEqualTo(1);
      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.startsWith("drain https://localhost:" + r.port()
              + " unreachable since ")));
    }
  }

  @Test
  void unreachableUntrustedAndMalformedReceiversEachGetACountedReasonAndOthersGoOn()
      throws Exception {
    int deadPort = io.kloggregator.testkit.FreePorts.pick();
    try (HttpsReceiver untrusted = receiver(n -> HttpsReceiver.Reply.status(200));
        HttpsReceiver healthy = receiver(n -> HttpsReceiver.Reply.status(200));
        TestForwarders.Running f = forwarder()) {
      // No ca=: the JDK trust store does not know the test CA.
      String tls = "https://localhost:" + untrusted.port() + "/";
      String nobody = "https://localhost:" + deadPort + "/?ca=ca.pem";
      String badPort = "https://localhost:99999/?ca=ca.pem";
      String noHost = "https-batch:///path?ca=ca.pem";
      String good = "https-batch://localhost:" + healthy.port() + "/?ca=ca.pem";

      for (String url : List.of(tls, nobody, badPort, noHost, good)) {
        fixtures.sendNumbered(url, app, "h", 0, 5);
      }
      fixtures.flush();

      await().atMost(WAIT).until(() -> healthy.lines() >= 5);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.failed", "drain",
          DrainMetrics.shortId(tls), "reason", LinkFailure.TLS) >= 2);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.failed", "drain",
          DrainMetrics.shortId(nobody), "reason", LinkFailure.CONNECT) >= 2);
      for (String url : List.of(badPort, noHost)) {
        await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.dropped", "drain",
            DrainMetrics.shortId(url), "reason", "refused_url") == 5);
      }
      assertThat(untrusted.seen()).isZero();
      assertThat(f.counter("kloggregator.drain.failed", "drain", DrainMetrics.shortId(tls)))
          .isEqualTo(f.counter("kloggregator.drain.failed", "drain", DrainMetrics.shortId(tls),
              "reason", LinkFailure.TLS));
      // Each outcome is told in the app's own stream (tail and recent), not to the drain.
      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.startsWith("drain https://localhost:" + untrusted.port()
              + " unreachable since ") && t.contains("SSL"))
          .anyMatch(t -> t.startsWith("drain https://localhost:" + deadPort
              + " unreachable since ") && t.contains("Connection refused"))
          .contains("drain #" + DrainMetrics.shortId(badPort) + " refused, never dialled: "
              + "malformed URL: port out of range",
              "drain #" + DrainMetrics.shortId(noHost) + " refused, never dialled: "
              + "malformed URL: no host"));
      assertThat(f.counter("kloggregator.drain.sent", "drain", DrainMetrics.shortId(good)))
          .isEqualTo(5);
      assertThat(f.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aReceiverThatNeverAnswersHoldsUpOnlyItsOwnDrain() throws Exception {
    try (HttpsReceiver stuck = receiver(n -> HttpsReceiver.Reply.hang());
        HttpsReceiver healthy = receiver(n -> HttpsReceiver.Reply.status(200));
        TestForwarders.Running f = impatientForwarder()) {
      String stuckUrl = "https://localhost:" + stuck.port() + "/?ca=ca.pem";
      String healthyUrl = "https-batch://localhost:" + healthy.port() + "/?ca=ca.pem";

      fixtures.sendNumbered(stuckUrl, app, "h", 0, 50);
      fixtures.sendNumbered(healthyUrl, app, "h", 0, 50);
      fixtures.flush();

      await().atMost(WAIT).until(() -> healthy.lines() >= 50);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.failed", "drain",
          DrainMetrics.shortId(stuckUrl)) >= 2);
      assertThat(stuck.requests()).isEmpty();
      assertThat(f.counter("kloggregator.drain.sent", "drain", DrainMetrics.shortId(stuckUrl)))
          .isZero();
      assertThat(f.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mutualTlsPresentsTheBindingsCertificateAndWithoutOneNothingIsPosted() {
    try (HttpsReceiver r = HttpsReceiver.start(certs, true, n -> HttpsReceiver.Reply.status(200));
        TestForwarders.Running f = forwarder()) {
      String withCert = "https://localhost:" + r.port()
          + "/?ca=ca.pem&cert=client.pem&key=client.key";
      String without = "https://localhost:" + r.port() + "/?ca=ca.pem";

      fixtures.sendNumbered(withCert, app, "h", 0, 2);
      fixtures.sendNumbered(without, app, "x", 0, 2);
      fixtures.flush();

      await().atMost(WAIT).until(() -> r.requests().size() >= 2);
      await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.failed", "drain",
          DrainMetrics.shortId(without)) >= 2);
      assertThat(r.requests()).extracting(HttpsReceiver.Request::body)
          .containsExactly(line(0), line(1));
      assertThat(f.counter("kloggregator.drain.sent", "drain", DrainMetrics.shortId(without)))
          .isZero();
    }
  }

  @Test
  void badOrForbiddenHttpsUrlsAreRefusedCountedAndNeverDialled() throws Exception {
    try (HttpsReceiver r = receiver(n -> HttpsReceiver.Reply.status(200));
        TestForwarders.Running f = new TestForwarders.Running(TestForwarders.config(
            stack.bootstrapServers(), group, pki).withPolicy(ForwarderConfig.Policy.publicOnly()
            .withTlsFilesDir(pki)))) {
      List<String> urls = Arrays.asList("https://127.0.0.1:" + r.port() + "/?ca=ca.pem",
          "https-batch://localhost:" + r.port() + "/?ca=ca.pem",
          "http://localhost:" + r.port() + "/",
          "https://localhost:" + r.port() + "/?framing=udp");

      for (String url : urls) {
        fixtures.sendNumbered(url, app, "h", 0, 2);
      }
      fixtures.flush();

      for (String url : urls) {
        await().atMost(WAIT).until(() -> f.counter("kloggregator.drain.dropped", "drain",
            DrainMetrics.shortId(url), "reason", "refused_url") == 2);
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .contains("drain #" + DrainMetrics.shortId(urls.get(0)) + " refused, never dialled: "
              + "host resolves to a loopback or private address",
              "drain #" + DrainMetrics.shortId(urls.get(2)) + " refused, never dialled: plain "
              + "http:// is not supported (use https://)",
              "drain #" + DrainMetrics.shortId(urls.get(3)) + " refused, never dialled: unknown "
              + "framing 'udp' (octet or lf; for https also logplex)",
              "drain https-batch://localhost:" + r.port() + " refused, never dialled: host "
              + "resolves to a loopback or private address"));
      assertThat(r.seen()).isZero();
      assertThat(f.get("/metrics").body()).contains("reason=\"refused_url\"");
    }
  }
}
