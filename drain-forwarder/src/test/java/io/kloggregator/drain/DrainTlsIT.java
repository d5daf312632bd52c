package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
class DrainTlsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static LocalStack stack;
  private static DrainFixtures fixtures;
  private static Path pki;
  private static TestCerts certs;
  private Path dir;
  private String group;

  @BeforeAll
  static void startStack(LocalStack shared) {
    stack = shared;
    fixtures = new DrainFixtures(stack.bootstrapServers());
    pki = TempDirs.create("drain-pki-");
    certs = TestCerts.create(pki);
  }

  @AfterAll
  static void stopStack() {
    fixtures.close();
    TempDirs.deleteRecursively(pki);
  }

  @BeforeEach
  void freshGroup() {
    dir = TempDirs.create("drain-tls-it-");
    group = "tls-" + UUID.randomUUID();
    fixtures.startGroupAtEnd(group);
  }

  @AfterEach
  void cleanUp() {
    TempDirs.deleteRecursively(dir);
  }

  private TestForwarders.Running forwarder() {
    return new TestForwarders.Running(
        TestForwarders.config(stack.bootstrapServers(), group, pki));
  }

  @Test
  void tlsDrainVerifiedAgainstTheBindingsCaDeliversInOrder() {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.tls(dir.resolve("rs"),
        certs.server("server", false)); TestForwarders.Running f = forwarder()) {
      String url = "syslog-tls://localhost:" + rsyslog.port() + "?ca=ca.pem";

      List<String> sent = fixtures.sendNumbered(url, "app-tls", "tls", 0, 300);
      fixtures.flush();

      await().atMost(WAIT).until(() -> rsyslog.messages().size() >= 300);
      assertThat(rsyslog.messages()).containsExactlyElementsOf(sent);
      assertThat(rsyslog.received().get(0).raw()).startsWith(
          "<14>1 2025-11-25T02:35:00.000000+00:00 loggregator app-tls [App/0] - - tls-000000");
    }
  }

  @Test
  void mutualTlsPresentsTheBindingsClientCertificate() {
    try (RsyslogReceiver rsyslog = RsyslogReceiver.tls(dir.resolve("rs"),
        certs.server("server", true)); TestForwarders.Running f = forwarder()) {
      String withCert = "syslog-tls://localhost:" + rsyslog.port()
          + "?ca=ca.pem&cert=client.pem&key=client.key";

      List<String> sent = fixtures.sendNumbered(withCert, "app-mtls", "mtls", 0, 50);
      fixtures.flush();

      await().atMost(WAIT).until(() -> rsyslog.messages().size() >= 50);
      assertThat(rsyslog.messages()).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void untrustedCertificateIsRefusedWithANoticeAndNoPlaintext() {
    try (RsyslogReceiver rogue = RsyslogReceiver.tls(dir.resolve("rogue"),
        certs.server("rogue", false)); TestForwarders.Running f = forwarder()) {
      String url = "syslog-tls://localhost:" + rogue.port() + "?ca=ca.pem";
      String app = "app-" + UUID.randomUUID();

      fixtures.sendNumbered(url, app, "secret", 0, 20);
      fixtures.flush();

      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.startsWith("drain syslog-tls://localhost:" + rogue.port()
              + " unreachable since ") && t.contains("SSLHandshakeException")
              && t.contains("unable to find valid certification path")));
      await().atMost(WAIT).until(() ->
          f.counter("kloggregator.drain.failed", "drain", DrainMetrics.shortId(url)) >= 2);
      assertThat(rogue.received()).isEmpty();
      assertThat(f.counter("kloggregator.drain.sent", "drain", DrainMetrics.shortId(url)))
          .isZero();
    }
  }

  @Test
  void certificateForAnotherHostNameIsRefused() {
    try (RsyslogReceiver other = RsyslogReceiver.tls(dir.resolve("other"),
        certs.server("other", false)); TestForwarders.Running f = forwarder()) {
      String url = "syslog-tls://localhost:" + other.port() + "?ca=ca.pem";
      String app = "app-" + UUID.randomUUID();

      fixtures.sendNumbered(url, app, "x", 0, 5);
      fixtures.flush();

      await().atMost(WAIT).untilAsserted(() -> assertThat(fixtures.notices(app))
          .extracting(m -> m.getMessage().toStringUtf8())
          .anyMatch(t -> t.contains("unreachable since")
              && t.contains("No subject alternative DNS name matching localhost")));
      assertThat(other.received()).isEmpty();
    }
  }
}
