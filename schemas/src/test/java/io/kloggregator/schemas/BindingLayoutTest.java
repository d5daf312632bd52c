package io.kloggregator.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BindingLayoutTest {

  @Test
  void keyIsAppDirectoryAndSha1HexOfTheUrl() {
    // SHA-1("The quick brown fox jumps over the lazy dog"), the FIPS 180 example.
    String url = "The quick brown fox jumps over the lazy dog";

    String key = BindingLayout.etcdKey("app-1", url);

    assertThat(key).isEqualTo(
        "/loggregator/services/app-1/2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
  }
}
