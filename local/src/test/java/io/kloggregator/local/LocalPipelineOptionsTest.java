package io.kloggregator.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalPipelineOptionsTest {

  @Test
  void everyRunDrawsItsOwnSecrets() {
    LocalPipeline.Options first = LocalPipeline.Options.forLocalRun();
    LocalPipeline.Options second = LocalPipeline.Options.forLocalRun();

    assertThat(first.jwtSecret()).isNotEqualTo(second.jwtSecret()).hasSizeGreaterThan(32);
    assertThat(first.sharedSecret()).isNotEqualTo(second.sharedSecret());
    assertThat(first.jwtSecret()).isNotEqualTo(first.sharedSecret());
  }

  @Test
  void theLocalRunPrefersTheDefaultPorts() {
    LocalPipeline.Options options = LocalPipeline.Options.forLocalRun();

    assertThat(options.gatewayPort()).isEqualTo(8080);
    assertThat(options.udpPort()).isEqualTo(3456);
  }
}
