package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kloggregator.schemas.syslog.SyslogFramer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainUrlTest {

  private static final ForwarderConfig.Policy PUBLIC = ForwarderConfig.Policy.publicOnly();
  private static final ForwarderConfig.Policy PRIVATE_OK = PUBLIC.withAllowPrivate(true);

  @Test
  void syslogSchemeIsPlainTcpOnPort514ByDefault() {
    DrainUrl url = DrainUrl.parse("syslog://logs.example.com", PUBLIC);

    assertThat(url.tls()).isFalse();
    assertThat(url.port()).isEqualTo(514);
    assertThat(url.framing()).isEqualTo(SyslogFramer.OCTET_COUNTING);
  }

  @Test
  void syslogTlsSchemeDefaultsToPort6514() {
    DrainUrl url = DrainUrl.parse("syslog-tls://logs.example.com", PUBLIC);

    assertThat(url.tls()).isTrue();
    assertThat(url.port()).isEqualTo(6514);
  }

  @Test
  void newlineFramingIsSelectedByQuery() {
    assertThat(DrainUrl.parse("syslog://h.example.com:601?framing=lf", PUBLIC).framing())
        .isEqualTo(SyslogFramer.NEWLINE);
  }

  @Test
  void unknownSchemesAndMalformedUrlsAreRefused() {
    assertThatThrownBy(() -> DrainUrl.parse("ftp://h.example.com", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("unsupported scheme");
    assertThatThrownBy(() -> DrainUrl.parse("syslog://", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("malformed");
    assertThatThrownBy(() -> DrainUrl.parse("syslog://a b", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("malformed");
    assertThatThrownBy(() -> DrainUrl.parse("syslog://h.example.com?framing=udp", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("framing");
  }

  @Test
  void loopbackAndPrivateLiteralsAreRefusedByDefault() {
    for (String host : List.of("127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.5",
        "169.254.169.254", "100.64.0.1", "[::1]", "[fd00::1]", "0.0.0.0")) {
      assertThatThrownBy(() -> DrainUrl.parse("syslog://" + host + ":514", PUBLIC))
          .as(host).isInstanceOf(RefusedUrlException.class)
          .hasMessageContaining("loopback or private");
    }
  }

  @Test
  void privateAddressesPassWhenAllowed() {
    assertThat(DrainUrl.parse("syslog://127.0.0.1:514", PRIVATE_OK).host()).isEqualTo("127.0.0.1");
  }

  @Test
  void denyListWinsOverAllowList() throws Exception {
    ForwarderConfig.Policy p = PUBLIC.withLists(List.of("203.0.113.0/24"), List.of("203.0.113.7"));
    InetAddress denied = InetAddress.getByName("203.0.113.7");
    InetAddress allowed = InetAddress.getByName("203.0.113.8");
    InetAddress other = InetAddress.getByName("198.51.100.1");

    assertThatThrownBy(() -> DrainPolicy.checkAddress("x", denied, p))
        .hasMessageContaining("deny list");
    DrainPolicy.checkAddress("x", allowed, p);
    assertThatThrownBy(() -> DrainPolicy.checkAddress("x", other, p))
        .hasMessageContaining("allow list");
  }

  @Test
  void domainSuffixRulesMatchByName() throws Exception {
    ForwarderConfig.Policy p = PUBLIC.withLists(List.of(), List.of("*.evil.example"));
    InetAddress any = InetAddress.getByName("198.51.100.1");

    assertThatThrownBy(() -> DrainPolicy.checkAddress("logs.evil.example", any, p))
        .hasMessageContaining("deny list");
    DrainPolicy.checkAddress("logs.good.example", any, p);
  }

  @Test
  void tlsFilesMustStayInsideTheConfiguredDirectory() {
    ForwarderConfig.Policy p = PUBLIC.withTlsFilesDir(Path.of("/etc/kl/tls"));

    assertThat(DrainUrl.parse("syslog-tls://h.example.com?ca=ca.pem", p).ca())
        .contains(Path.of("/etc/kl/tls/ca.pem"));
    assertThatThrownBy(() -> DrainUrl.parse("syslog-tls://h.example.com?ca=../../shadow", p))
        .hasMessageContaining("inside the TLS files directory");
    assertThatThrownBy(() -> DrainUrl.parse("syslog-tls://h.example.com?ca=ca.pem", PUBLIC))
        .hasMessageContaining("disabled");
    assertThatThrownBy(() -> DrainUrl.parse("syslog://h.example.com?ca=ca.pem", p))
        .hasMessageContaining("syslog-tls");
    assertThatThrownBy(() -> DrainUrl.parse("syslog-tls://h.example.com?cert=c.pem", p))
        .hasMessageContaining("together");
  }

  @Test
  void displayHidesUserInfoAndQuery() {
    DrainUrl url = DrainUrl.parse("syslog://user:secret@h.example.com:601?token=abc", PUBLIC);

    assertThat(url.display()).isEqualTo("syslog://h.example.com:601");
  }

  @Test
  void httpsIsOnePostPerMessageOnPort443WithBasicAuthFromUserInfo() {
    DrainUrl url = DrainUrl.parse("https://user:p%40ss@h.example.com/logs/in?tag=a", PUBLIC);

    assertThat(url.tls()).isTrue();
    assertThat(url.port()).isEqualTo(443);
    HttpsTarget target = url.https().orElseThrow();
    assertThat(target.batch()).isFalse();
    assertThat(target.framing()).isEqualTo(HttpsTarget.HttpsFraming.NEWLINE);
    assertThat(target.requestUri()).isEqualTo("/logs/in?tag=a");
    assertThat(target.authorization()).contains("Basic dXNlcjpwQHNz");
    assertThat(url.display()).isEqualTo("https://h.example.com:443");
  }

  @Test
  void httpsBatchAndTheBodyFramingsAreSelectedBySchemeAndQuery() {
    ForwarderConfig.Policy p = PUBLIC.withTlsFilesDir(Path.of("/etc/kl/tls"));

    DrainUrl batch = DrainUrl.parse("https-batch://h.example.com:8443", PUBLIC);
    DrainUrl octet = DrainUrl.parse("https://h.example.com?framing=octet", PUBLIC);
    DrainUrl logplex = DrainUrl.parse(
        "https-batch://h.example.com?framing=logplex&drain-token=d.1&ca=ca.pem&x=1", p);

    assertThat(batch.https().orElseThrow().batch()).isTrue();
    assertThat(batch.https().orElseThrow().requestUri()).isEqualTo("/");
    assertThat(batch.display()).isEqualTo("https-batch://h.example.com:8443");
    assertThat(octet.https().orElseThrow().framing()).isEqualTo(HttpsTarget.HttpsFraming.OCTET);
    HttpsTarget lp = logplex.https().orElseThrow();
    assertThat(lp.framing()).isEqualTo(HttpsTarget.HttpsFraming.LOGPLEX);
    assertThat(lp.drainToken()).isEqualTo("d.1");
    assertThat(lp.requestUri()).isEqualTo("/?x=1");
    assertThat(logplex.ca()).contains(Path.of("/etc/kl/tls/ca.pem"));
    assertThat(lp.authorization()).isEmpty();
  }

  @Test
  void badHttpsUrlsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> DrainUrl.parse("http://h.example.com", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("use https://");
    assertThatThrownBy(() -> DrainUrl.parse("https://h.example.com?framing=udp", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("unknown framing");
    assertThatThrownBy(() -> DrainUrl.parse("https:///path", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("no host");
    assertThatThrownBy(() -> DrainUrl.parse("https://h.example.com:99999", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("malformed");
    assertThatThrownBy(() -> DrainUrl.parse("https-batch://10.0.0.1/in", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("loopback or private");
    assertThatThrownBy(() -> DrainUrl.parse("https://h.example.com?ca=ca.pem", PUBLIC))
        .isInstanceOf(RefusedUrlException.class).hasMessageContaining("disabled");
  }
}
