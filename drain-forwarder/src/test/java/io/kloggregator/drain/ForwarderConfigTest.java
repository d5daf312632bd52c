package io.kloggregator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwarderConfigTest {

  @Test
  void defaultsRefusePrivateAddresses() {
    ForwarderConfig c = ForwarderConfig.of("localhost:9092");

    assertThat(c.policy().allowPrivate()).isFalse();
    assertThat(c.opsPort()).isZero();
    assertThat(c.groupId()).isEqualTo(ForwarderConfig.DEFAULT_GROUP_ID);
  }

  @Test
  void environmentSetsEveryGroup() {
    ForwarderConfig c = ForwarderConfig.fromEnv(Map.of(
        "KLOGGREGATOR_KAFKA_BOOTSTRAP", "k:9092",
        "KLOGGREGATOR_DRAIN_GROUP_ID", "g",
        "KLOGGREGATOR_DRAIN_OPS_PORT", "9100",
        "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", "true",
        "KLOGGREGATOR_DRAIN_DENY_LIST", "10.0.0.0/8, *.bad.example",
        "KLOGGREGATOR_DRAIN_TLS_FILES_DIR", "/etc/kl",
        "KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS", "5000",
        "KLOGGREGATOR_DRAIN_MAX_BACKLOG_LINES", "10",
        "KLOGGREGATOR_DRAIN_KAFKA_MAX_POLL_RECORDS", "100"));

    assertThat(c.bootstrapServers()).isEqualTo("k:9092");
    assertThat(c.groupId()).isEqualTo("g");
    assertThat(c.opsPort()).isEqualTo(9100);
    assertThat(c.policy().allowPrivate()).isTrue();
    assertThat(c.policy().denyList()).containsExactly("10.0.0.0/8", "*.bad.example");
    assertThat(c.policy().tlsFilesDir()).contains(Path.of("/etc/kl"));
    assertThat(c.timing().backoffMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.limits().maxBacklogLines()).isEqualTo(10);
    assertThat(c.kafka()).containsEntry("max.poll.records", "100");
  }

  @Test
  void missingBootstrapIsNamed() {
    assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KLOGGREGATOR_KAFKA_BOOTSTRAP=(unset): is required");
  }

  @Test
  void badValuesNameTheSettingAndTheValue() {
    assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k",
        "KLOGGREGATOR_DRAIN_OPS_PORT", "70000")))
        .hasMessage("KLOGGREGATOR_DRAIN_OPS_PORT=70000: must be a port 0..65535");
    assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k",
        "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", "maybe")))
        .hasMessage("KLOGGREGATOR_DRAIN_ALLOW_PRIVATE=maybe: must be true/false, yes/no or 1/0");
    assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k",
        "KLOGGREGATOR_DRAIN_SETTLE_MS", "abc")))
        .hasMessage("KLOGGREGATOR_DRAIN_SETTLE_MS=abc: must be an integer");
    assertThatThrownBy(() -> ForwarderConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k",
        "KLOGGREGATOR_DRAIN_ALLOW_LIST", "10.0.0.0/33")))
        .hasMessage("KLOGGREGATOR_DRAIN_ALLOW_LIST=10.0.0.0/33: entry '10.0.0.0/33' prefix must be "
            + "in 0..32");
  }

  @Test
  void allowPrivateTakesYesNoAndOneZero() {
    ForwarderConfig c = ForwarderConfig.fromEnv(Map.of("KLOGGREGATOR_KAFKA_BOOTSTRAP", "k",
        "KLOGGREGATOR_DRAIN_ALLOW_PRIVATE", "Yes"));

    assertThat(c.policy().allowPrivate()).isTrue();
  }

  @Test
  void backoffMaxBelowMinIsRejected() {
    assertThatThrownBy(() -> ForwarderConfig.Timing.defaults()
        .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("KLOGGREGATOR_DRAIN_BACKOFF_MAX_MS=1000: must be >= "
            + "KLOGGREGATOR_DRAIN_BACKOFF_MIN_MS (2000)");
  }

  @Test
  void listsAreCopied() {
    ForwarderConfig.Policy p = ForwarderConfig.Policy.publicOnly()
        .withLists(new java.util.ArrayList<>(List.of("1.2.3.4")), List.of());

    assertThatThrownBy(() -> p.allowList().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
