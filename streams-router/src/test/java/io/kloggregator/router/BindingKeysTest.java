package io.kloggregator.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BindingKeysTest {

  @Test
  void urlsUpToTheLimitAreAcceptedLongerOnesRefused() {
    String head = "syslog://drain.example:514/";
    String atLimit = head + "a".repeat(BindingKeys.MAX_URL_CHARS - head.length());

    assertThat(BindingKeys.checkUrl(atLimit)).isEmpty();
    assertThat(BindingKeys.checkUrl(atLimit + "a")).contains("url_too_long");
  }

  @Test
  void everyKindOfBadUrlHasItsReason() {
    assertThat(BindingKeys.checkUrl(" ")).contains("empty_url");
    assertThat(BindingKeys.checkUrl("syslog://bad host:514")).contains("unparsable_url");
    assertThat(BindingKeys.checkUrl("ftp://files.example")).contains("unsupported_scheme");
    assertThat(BindingKeys.checkUrl("syslog:///path")).contains("no_host");
    assertThat(BindingKeys.checkUrl("syslog-tls://drain.example:6514")).isEmpty();
  }

  @Test
  void everyDrainSchemeTheForwarderSpeaksIsRouted() {
    assertThat(BindingKeys.checkUrl("syslog://drain.example")).isEmpty();
    assertThat(BindingKeys.checkUrl("https://u:p@drain.example/in")).isEmpty();
    assertThat(BindingKeys.checkUrl("https-batch://drain.example/in")).isEmpty();
  }
}
